package org.cropsgd.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.config.OptionNames;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.cropsgd.io.GroupedOutputFiles;
import org.cropsgd.io.ModelFile;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.io.ModelFiles;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;
import scala.Option;

/**
 * A fitted {@link CropSgdRegressor}: {@link #transform} adds each label's prediction {@code b + Σ w·x} as a
 * plain Spark SQL expression over the features (double literals, no UDF: with {@code inputCols} the RAPIDS
 * Accelerator runs it). With {@code groupCols} it holds one model per group, and a row is predicted by its
 * group's (the coefficients a small table broadcast and joined to the rows on their key; a row whose group
 * has no model gets null predictions). Saved as Spark ML saves any stage ({@code metadata/}, the params) and
 * a {@code model.json} (and, grouped, {@code models.jsonl}) in the format {@code train} writes, so
 * {@code submit/cropsgd predict --model PATH} scores with a saved model too, and a train output's model
 * loads with {@link #fromModelJson}.
 */
public final class CropSgdRegressionModel extends Model<CropSgdRegressionModel>
        implements CropSgdParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final CropSgdParamSet paramSet;
    /** Ungrouped: the model; grouped: null. */
    private final RegressionModel model;
    /** Grouped: every group's model; ungrouped: null. */
    private final GroupedModel grouped;
    /** Per group (the one group "" when ungrouped); empty on a loaded model. */
    private final transient Map<String, CropSgdTrainingSummary> summaries;

    private CropSgdRegressionModel(String uid, RegressionModel model, GroupedModel grouped,
            Map<String, CropSgdTrainingSummary> summaries) {
        this.uid = uid;
        this.paramSet = new CropSgdParamSet(this);
        this.model = model;
        this.grouped = grouped;
        this.summaries = summaries;
        paramSet.setDefaults(this);
    }

    CropSgdRegressionModel(String uid, RegressionModel model, CropSgdTrainingSummary summary) {
        this(uid, model, null, summary == null ? Map.of() : Map.of(UNGROUPED, summary));
    }

    CropSgdRegressionModel(String uid, GroupedModel grouped, Map<String, CropSgdTrainingSummary> summaries) {
        this(uid, null, grouped, summaries);
    }

    private static final String UNGROUPED = "";

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public CropSgdParamSet paramSet() {
        return paramSet;
    }

    /** Whether this holds one model per group ({@code groupCols}). */
    public boolean isGrouped() {
        return grouped != null;
    }

    /** The weights, one row per label and one column per feature (k × d), in the units of the features. */
    public Matrix coefficients() {
        return weights(ungrouped("coefficients(group)").coefficients());
    }

    /** One intercept per label (zeros with {@code fitIntercept} false). */
    public Vector intercepts() {
        return new DenseVector(ungrouped("intercepts(group)").coefficients().bias().clone());
    }

    /** A grouped model's groups, each its key columns as JSON ({@code {"region":"Kanto"}}), in order. */
    public List<String> groups() {
        return grouped == null ? List.of() : List.copyOf(grouped.models().keySet());
    }

    /** The weights (k × d) of group {@code group} (one of {@link #groups()}). */
    public Matrix coefficients(String group) {
        return weights(groupModel(group));
    }

    /** The intercepts of group {@code group} (one of {@link #groups()}). */
    public Vector intercepts(String group) {
        return new DenseVector(groupModel(group).bias().clone());
    }

    /** The features the model was trained on, in the order of {@link #coefficients()}' columns. */
    public List<String> featureNames() {
        return grouped == null ? model.features() : grouped.features();
    }

    public List<String> labelNames() {
        return grouped == null ? model.labels() : grouped.labels();
    }

    /** The model over its named columns, as the command line's jobs hold it (ungrouped). */
    public RegressionModel regressionModel() {
        return ungrouped("groupedModel()");
    }

    /** Every group's model over its named columns, as the command line's jobs hold it (grouped). */
    public GroupedModel groupedModel() {
        if (grouped == null) {
            throw new IllegalStateException("This model is not grouped (groupCols was not set): see regressionModel().");
        }
        return grouped;
    }

    public boolean hasSummary() {
        return !summaries.isEmpty();
    }

    /** What the fit measured; only on a model fitted in this session (a loaded one has none). */
    public CropSgdTrainingSummary summary() {
        ungrouped("summary(group)");
        return summaryOf(UNGROUPED);
    }

    /** What the fit of group {@code group} measured (fitted in this session only). */
    public CropSgdTrainingSummary summary(String group) {
        groupModel(group);
        return summaryOf(group);
    }

    private CropSgdTrainingSummary summaryOf(String group) {
        CropSgdTrainingSummary summary = summaries.get(group);
        if (summary == null) {
            throw new IllegalStateException("No training summary: this model was loaded, not fitted here.");
        }
        return summary;
    }

    private RegressionModel ungrouped(String instead) {
        if (model == null) {
            throw new IllegalStateException("This model has one model per group (groupCols): use " + instead + ".");
        }
        return model;
    }

    private LinearModel groupModel(String group) {
        LinearModel found = grouped == null ? null : grouped.models().get(group);
        if (found == null) {
            throw new IllegalArgumentException("No model for group " + group + "; the groups are " + groups() + ".");
        }
        return found;
    }

    private static Matrix weights(LinearModel coefficients) {
        int k = coefficients.labelCount();
        int d = coefficients.featureCount();
        double[] values = new double[k * d];
        for (int label = 0; label < k; label++) {
            for (int j = 0; j < d; j++) {
                values[label * d + j] = coefficients.weight(label, j);
            }
        }
        return new DenseMatrix(k, d, values, true);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        Column[] x = StageColumns.features(this, dataset.schema(), featureNames().size());
        List<String> names = getPredictionCols();
        List<Column> columns = new ArrayList<>();
        for (String name : dataset.columns()) {
            columns.add(functions.col(QuotingUtils.quoteIdentifier(name)));
        }
        for (int k = 0; k < names.size(); k++) {
            Column prediction = grouped == null ? RegressionModel.prediction(model.coefficients(), k, x)
                    : GroupedModel.prediction(k, x);
            columns.add(prediction.as(names.get(k)));
        }
        Dataset<Row> rows = grouped == null ? dataset.toDF() : grouped.joinedTo(dataset.toDF());
        return rows.select(columns.toArray(Column[]::new));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!getLabelCols().equals(labelNames())) {
            throw new IllegalArgumentException(String.format("labelCols %s do not match the model's labels %s.",
                    getLabelCols(), labelNames()));
        }
        if (getInputCols().isPresent() && getInputCols().get().size() != featureNames().size()) {
            throw new IllegalArgumentException(String.format("inputCols %s: the model has %d features %s.",
                    getInputCols().get(), featureNames().size(), featureNames()));
        }
        if (grouped != null && !getGroupCols().equals(grouped.groupBy())) {
            throw new IllegalArgumentException(String.format("groupCols %s do not match the model's group columns %s.",
                    getGroupCols(), grouped.groupBy()));
        }
        return StageColumns.checkForTransform(this, schema);
    }

    @Override
    public CropSgdRegressionModel copy(ParamMap extra) {
        CropSgdRegressionModel copied = new CropSgdRegressionModel(uid, model, grouped, summaries);
        return copyValues(copied, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<CropSgdRegressionModel> read() {
        return new Reader();
    }

    public static CropSgdRegressionModel load(String path) {
        return read().load(path);
    }

    /**
     * The model in a {@code train} output directory (or any directory with a {@code model.json}), grouped or
     * not, as a transformer of plain columns: {@code inputCols} are its features, {@code labelCols} its labels,
     * {@code groupCols} its key columns.
     */
    public static CropSgdRegressionModel fromModelJson(String directory, Configuration hadoopConf) {
        CropSgdRegressionModel loaded = readModelJson(
                org.apache.spark.ml.util.Identifiable.randomUID("cropSgdRegressor"), directory, hadoopConf);
        loaded.set(loaded.inputCols(), loaded.featureNames().toArray(String[]::new));
        loaded.set(loaded.labelCols(), loaded.labelNames().toArray(String[]::new));
        if (loaded.isGrouped()) {
            loaded.set(loaded.groupCols(), loaded.grouped.groupBy().toArray(String[]::new));
        }
        return loaded;
    }

    /** The model of the {@code model.json} in {@code directory}, grouped or not, with no params set and no summary. */
    private static CropSgdRegressionModel readModelJson(String uid, String directory, Configuration hadoopConf) {
        return ModelFiles.readGroupedForScoring(directory, hadoopConf)
                .map(groups -> new CropSgdRegressionModel(uid, groups, Map.of()))
                .orElseGet(() -> new CropSgdRegressionModel(uid, ModelFiles.readForScoring(directory, hadoopConf), null));
    }

    /** {@code metadata/} as every Spark ML stage, and the model's {@code model.json} (grouped: and {@code models.jsonl}). */
    private static final class Writer extends MLWriter {
        private final CropSgdRegressionModel instance;

        Writer(CropSgdRegressionModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
            // The settings by option name, as train's model.json lists them.
            Map<String, Object> config = new LinkedHashMap<>();
            OptionNames.ML_PARAMS.forEach((option, param) -> {
                if (instance.isDefined(instance.getParam(param))) {
                    Object value = instance.getOrDefault(instance.getParam(param));
                    config.put(option, value instanceof String[] names ? List.of(names) : value);
                }
            });
            boolean standardized = (Boolean) instance.getOrDefault(instance.standardization());
            Configuration hadoopConf = sparkSession().sparkContext().hadoopConfiguration();
            if (instance.grouped == null) {
                RegressionModel model = instance.model;
                ModelFiles.write(path, new ModelFile(model.features(), model.labels(),
                        model.coefficients().weights(), model.coefficients().bias(), standardized, config,
                        CropSgdVersion.get()), hadoopConf);
                return;
            }
            GroupedModel grouped = instance.grouped;
            List<GroupedOutputFiles.GroupModel> lines = new ArrayList<>();
            grouped.models().forEach((group, model) -> lines.add(new GroupedOutputFiles.GroupModel(
                    GroupedOutputFiles.key(group), null, model.weights(), model.bias(), null, null, null, null,
                    Map.of(), Map.of())));
            GroupedOutputFiles.writeModel(path, new GroupedOutputFiles.ModelIndex(grouped.features(),
                    grouped.labels(), grouped.groupBy(), grouped.keyTypes(), GroupedOutputFiles.MODELS,
                    lines.size(), standardized, config, CropSgdVersion.get()), lines, hadoopConf);
        }
    }

    private static final class Reader extends MLReader<CropSgdRegressionModel> {
        @Override
        public CropSgdRegressionModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    CropSgdRegressionModel.class.getName());
            CropSgdRegressionModel loaded = readModelJson(metadata.uid(), path,
                    sparkSession().sparkContext().hadoopConfiguration());
            metadata.getAndSetParams(loaded, Option.empty());
            return loaded;
        }
    }
}
