package org.cropsgd.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.cropsgd.io.ModelFile;
import org.cropsgd.io.ModelFiles;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;
import scala.Option;

/**
 * A fitted {@link CropSgdRegressor}: {@link #transform} adds each label's prediction {@code b + Σ w·x} as a
 * plain Spark SQL expression over the features (double literals, no UDF: with {@code inputCols} the RAPIDS
 * Accelerator runs it). Saved as Spark ML saves any stage ({@code metadata/}, the params) and a
 * {@code model.json} in the format {@code train} writes, so {@code submit/cropsgd predict --model PATH} scores
 * with a saved model too, and a train output's model loads with {@link #fromModelJson}.
 */
public final class CropSgdRegressionModel extends Model<CropSgdRegressionModel>
        implements CropSgdParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final CropSgdParamSet paramSet;
    private final RegressionModel model;
    private final transient CropSgdTrainingSummary summary;

    CropSgdRegressionModel(String uid, RegressionModel model, CropSgdTrainingSummary summary) {
        this.uid = uid;
        this.paramSet = new CropSgdParamSet(this);
        this.model = model;
        this.summary = summary;
        paramSet.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public CropSgdParamSet paramSet() {
        return paramSet;
    }

    /** The weights, one row per label and one column per feature (k × d), in the units of the features. */
    public Matrix coefficients() {
        LinearModel coefficients = model.coefficients();
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

    /** One intercept per label (zeros with {@code fitIntercept} false). */
    public Vector intercepts() {
        return new DenseVector(model.coefficients().bias().clone());
    }

    /** The features the model was trained on, in the order of {@link #coefficients()}' columns. */
    public List<String> featureNames() {
        return model.features();
    }

    public List<String> labelNames() {
        return model.labels();
    }

    /** The model over its named columns, as the command line's jobs hold it. */
    public RegressionModel regressionModel() {
        return model;
    }

    public boolean hasSummary() {
        return summary != null;
    }

    /** What the fit measured; only on a model fitted in this session (a loaded one has none). */
    public CropSgdTrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("No training summary: this model was loaded, not fitted here.");
        }
        return summary;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        Column[] x = StageColumns.features(this, dataset.schema(), model.features().size());
        List<String> names = getPredictionCols();
        List<Column> columns = new ArrayList<>();
        columns.add(functions.col("*"));
        for (int k = 0; k < names.size(); k++) {
            columns.add(RegressionModel.prediction(model.coefficients(), k, x).as(names.get(k)));
        }
        return dataset.toDF().select(columns.toArray(Column[]::new));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (getLabelCols().size() != model.labels().size()) {
            throw new IllegalArgumentException(String.format("labelCols %s do not match the model's labels %s.",
                    getLabelCols(), model.labels()));
        }
        if (getInputCols().isPresent() && getInputCols().get().size() != model.features().size()) {
            throw new IllegalArgumentException(String.format("inputCols %s: the model has %d features %s.",
                    getInputCols().get(), model.features().size(), model.features()));
        }
        return StageColumns.checkForTransform(this, schema);
    }

    @Override
    public CropSgdRegressionModel copy(ParamMap extra) {
        CropSgdRegressionModel copied = new CropSgdRegressionModel(uid, model, summary);
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
     * The model in a {@code train} output directory (or any directory with a {@code model.json}), as a
     * transformer of plain columns: {@code inputCols} are its features, {@code labelCols} its labels.
     */
    public static CropSgdRegressionModel fromModelJson(String directory, Configuration hadoopConf) {
        RegressionModel model = ModelFiles.readForScoring(directory, hadoopConf);
        CropSgdRegressionModel loaded = new CropSgdRegressionModel(
                org.apache.spark.ml.util.Identifiable.randomUID("cropSgdRegressor"), model, null);
        loaded.set(loaded.inputCols(), model.features().toArray(String[]::new));
        loaded.set(loaded.labelCols(), model.labels().toArray(String[]::new));
        return loaded;
    }

    /** {@code metadata/} as every Spark ML stage, and the model's {@code model.json}. */
    private static final class Writer extends MLWriter {
        private final CropSgdRegressionModel instance;

        Writer(CropSgdRegressionModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
            RegressionModel model = instance.model;
            LinearModel coefficients = model.coefficients();
            // The settings by option name, as train's model.json lists them.
            Map<String, Object> config = new java.util.LinkedHashMap<>();
            OptionNames.ML_PARAMS.forEach((option, param) -> {
                if (instance.isDefined(instance.getParam(param))) {
                    Object value = instance.getOrDefault(instance.getParam(param));
                    config.put(option, value instanceof String[] names ? List.of(names) : value);
                }
            });
            boolean standardized = (Boolean) instance.getOrDefault(instance.standardization());
            ModelFiles.write(path, new ModelFile(model.features(), model.labels(), coefficients.weights(),
                    coefficients.bias(), standardized, config, CropSgdVersion.get()),
                    sparkSession().sparkContext().hadoopConfiguration());
        }
    }

    private static final class Reader extends MLReader<CropSgdRegressionModel> {
        @Override
        public CropSgdRegressionModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    CropSgdRegressionModel.class.getName());
            RegressionModel model = ModelFiles.readForScoring(path, sparkSession().sparkContext().hadoopConfiguration());
            CropSgdRegressionModel loaded = new CropSgdRegressionModel(metadata.uid(), model, null);
            metadata.getAndSetParams(loaded, Option.empty());
            return loaded;
        }
    }
}
