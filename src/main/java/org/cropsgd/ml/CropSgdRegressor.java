package org.cropsgd.ml;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.cropsgd.config.FitSettings;
import org.cropsgd.data.InputTable;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.LinearModel;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.train.FitListener;
import org.cropsgd.train.FitResult;
import org.cropsgd.train.Fitter;
import org.cropsgd.train.GroupedFitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cropsgd as a Spark ML {@link Estimator}: fits a multi-output linear regression of several {@code labelCols}
 * at once on {@code inputCols} (plain numeric columns, the GPU-friendly input) or a {@code featuresCol}
 * vector, through the core the {@code train} command uses ({@link Fitter}) with the same settings, checks and
 * messages. Every training option of the command line is a param (see {@link CropSgdParams}).
 *
 * <pre>{@code
 * CropSgdRegressionModel model = new CropSgdRegressor()
 *     .setInputCols(new String[] {"temp", "rainfall", "humidity"})
 *     .setLabelCols(new String[] {"apples", "oranges"})
 *     .fit(crops);
 * }</pre>
 */
public final class CropSgdRegressor extends Estimator<CropSgdRegressionModel>
        implements CropSgdParams, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CropSgdRegressor.class);

    private final String uid;
    private final CropSgdParamSet paramSet;

    public CropSgdRegressor() {
        this(Identifiable.randomUID("cropSgdRegressor"));
    }

    public CropSgdRegressor(String uid) {
        this.uid = uid;
        this.paramSet = new CropSgdParamSet(this);
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

    @Override
    public CropSgdRegressionModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        List<String> features = StageColumns.featureNames(this, dataset);
        FitSettings settings = FitParams.settings(this, features, dataset.sparkSession());
        Dataset<Row> rows = StageColumns.asColumns(this, dataset, features);
        CropSgdRegressionModel model;
        try {
            model = settings.grouping().grouped() ? fitGroups(rows, settings)
                    : fitOne(rows, settings);
        } catch (CropSgdException e) {
            throw FitParams.forSpark(e);
        }
        return copyValues(model, extractParamMap()).setParent(this);
    }

    private CropSgdRegressionModel fitOne(Dataset<Row> rows, FitSettings settings) {
        FitResult result = Fitter.fit(rows, settings, new LoggingListener());
        return new CropSgdRegressionModel(uid, result.model(), CropSgdTrainingSummary.of(result));
    }

    /** {@code groupCols}: every group's model from one pass, as {@code train --group-by} fits them. */
    private CropSgdRegressionModel fitGroups(Dataset<Row> rows, FitSettings settings) {
        GroupedFitter.Result result = GroupedFitter.fit(InputTable.of(rows), settings, new LoggingListener());
        SortedMap<String, LinearModel> models = new TreeMap<>();
        Map<String, CropSgdTrainingSummary> summaries = new HashMap<>();
        result.fits().forEach((group, fit) -> {
            models.put(group, fit.model());
            summaries.put(group, CropSgdTrainingSummary.of(fit, result.strategy().cliName()));
        });
        List<String> keys = settings.grouping().columns();
        GroupedModel grouped = new GroupedModel(result.features(), result.labels(), keys,
                GroupedModel.keyTypes(keys, rows.schema()), models);
        return new CropSgdRegressionModel(uid, grouped, summaries);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return StageColumns.checkForFit(this, schema);
    }

    @Override
    public CropSgdRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<CropSgdRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static CropSgdRegressor load(String path) {
        return read().load(path);
    }

    public CropSgdRegressor setFeaturesCol(String value) {
        return (CropSgdRegressor) set(featuresCol(), value);
    }

    public CropSgdRegressor setInputCols(String[] value) {
        return (CropSgdRegressor) set(inputCols(), value);
    }

    public CropSgdRegressor setLabelCols(String[] value) {
        return (CropSgdRegressor) set(labelCols(), value);
    }

    public CropSgdRegressor setPredictionCols(String[] value) {
        return (CropSgdRegressor) set(predictionCols(), value);
    }

    public CropSgdRegressor setWeightCol(String value) {
        return (CropSgdRegressor) set(weightCol(), value);
    }

    /** One model per distinct value of these columns (as {@code train --group-by}). */
    public CropSgdRegressor setGroupCols(String[] value) {
        return (CropSgdRegressor) set(groupCols(), value);
    }

    public CropSgdRegressor setOnGroupFailure(String value) {
        return (CropSgdRegressor) set(onGroupFailure(), value);
    }

    public CropSgdRegressor setHandleInvalid(String value) {
        return (CropSgdRegressor) set(handleInvalid(), value);
    }

    public CropSgdRegressor setMaxIter(int value) {
        return (CropSgdRegressor) set(maxIter(), value);
    }

    /** A fixed learning rate; {@code clear(stepSize())} goes back to auto. */
    public CropSgdRegressor setStepSize(double value) {
        return (CropSgdRegressor) set(stepSize(), value);
    }

    public CropSgdRegressor setStrategy(String value) {
        return (CropSgdRegressor) set(strategy(), value);
    }

    public CropSgdRegressor setOptimizer(String value) {
        return (CropSgdRegressor) set(optimizer(), value);
    }

    public CropSgdRegressor setMomentum(double value) {
        return (CropSgdRegressor) set(momentum(), value);
    }

    public CropSgdRegressor setNesterov(boolean value) {
        return (CropSgdRegressor) set(nesterov(), value);
    }

    public CropSgdRegressor setWeightDecay(double value) {
        return (CropSgdRegressor) set(weightDecay(), value);
    }

    public CropSgdRegressor setBeta1(double value) {
        return (CropSgdRegressor) set(beta1(), value);
    }

    public CropSgdRegressor setBeta2(double value) {
        return (CropSgdRegressor) set(beta2(), value);
    }

    public CropSgdRegressor setEps(double value) {
        return (CropSgdRegressor) set(eps(), value);
    }

    public CropSgdRegressor setRegParam(double value) {
        return (CropSgdRegressor) set(regParam(), value);
    }

    public CropSgdRegressor setTol(double value) {
        return (CropSgdRegressor) set(tol(), value);
    }

    public CropSgdRegressor setPatience(int value) {
        return (CropSgdRegressor) set(patience(), value);
    }

    public CropSgdRegressor setValidationFraction(double value) {
        return (CropSgdRegressor) set(validationFraction(), value);
    }

    public CropSgdRegressor setBatchFraction(double value) {
        return (CropSgdRegressor) set(batchFraction(), value);
    }

    public CropSgdRegressor setInitModel(String value) {
        return (CropSgdRegressor) set(initModel(), value);
    }

    public CropSgdRegressor setInitMode(String value) {
        return (CropSgdRegressor) set(initMode(), value);
    }

    public CropSgdRegressor setSeed(long value) {
        return (CropSgdRegressor) set(seed(), value);
    }

    public CropSgdRegressor setFitIntercept(boolean value) {
        return (CropSgdRegressor) set(fitIntercept(), value);
    }

    public CropSgdRegressor setStandardization(boolean value) {
        return (CropSgdRegressor) set(standardization(), value);
    }

    /** What the command line prints, in the driver's log: info lines at INFO, warnings at WARN. */
    private static final class LoggingListener implements FitListener {
        @Override
        public void info(String line) {
            LOG.info(line);
        }

        @Override
        public void warning(String message) {
            LOG.warn(message);
        }
    }
}
