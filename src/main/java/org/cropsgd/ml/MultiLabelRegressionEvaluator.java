package org.cropsgd.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.cropsgd.model.RegressionModel;

/**
 * An {@link Evaluator} for several labels at once, for {@code CrossValidator} and
 * {@code TrainValidationSplit} over a {@link CropSgdRegressor}: MLlib's {@link RegressionEvaluator} of each
 * label against its prediction column, averaged over the labels with equal weight. {@code metricName} is
 * RegressionEvaluator's ({@code rmse} by default, {@code mse}, {@code mae}, {@code r2}, {@code var}), and so is
 * whether larger is better. The average of RMSEs is not the RMSE of all residuals pooled: each label counts
 * the same, whatever its scale.
 */
public final class MultiLabelRegressionEvaluator extends Evaluator implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final StringArrayParam labelCols;
    private final StringArrayParam predictionCols;
    private final Param<String> metricName;
    private final Param<String> weightCol;

    public MultiLabelRegressionEvaluator() {
        this(Identifiable.randomUID("multiLabelRegressionEvaluator"));
    }

    public MultiLabelRegressionEvaluator(String uid) {
        this.uid = uid;
        labelCols = new StringArrayParam(this, "labelCols", "The label columns. Required.");
        predictionCols = new StringArrayParam(this, "predictionCols", "Each label's prediction column, in "
                + "labelCols' order. Default: <label>_predicted.");
        metricName = new Param<>(this, "metricName", "rmse|mse|mae|r2|var, averaged over the labels",
                ParamValidators.inArray(new String[] {"rmse", "mse", "mae", "r2", "var"}));
        weightCol = new Param<>(this, "weightCol", "A column of row weights; not set: every row weighs 1.");
        setDefault(metricName, "rmse");
    }

    @Override
    public String uid() {
        return uid;
    }

    public StringArrayParam labelCols() {
        return labelCols;
    }

    public StringArrayParam predictionCols() {
        return predictionCols;
    }

    public Param<String> metricName() {
        return metricName;
    }

    public Param<String> weightCol() {
        return weightCol;
    }

    public MultiLabelRegressionEvaluator setLabelCols(String[] value) {
        return (MultiLabelRegressionEvaluator) set(labelCols, value);
    }

    public MultiLabelRegressionEvaluator setPredictionCols(String[] value) {
        return (MultiLabelRegressionEvaluator) set(predictionCols, value);
    }

    public MultiLabelRegressionEvaluator setMetricName(String value) {
        return (MultiLabelRegressionEvaluator) set(metricName, value);
    }

    public MultiLabelRegressionEvaluator setWeightCol(String value) {
        return (MultiLabelRegressionEvaluator) set(weightCol, value);
    }

    @Override
    public double evaluate(Dataset<?> dataset) {
        if (!isSet(labelCols) || getOrDefault(labelCols).length == 0) {
            throw new IllegalArgumentException("MultiLabelRegressionEvaluator: labelCols is not set; set the "
                    + "label column(s) the predictions are of.");
        }
        List<String> labels = List.of(getOrDefault(labelCols));
        List<String> predictions = new ArrayList<>();
        if (isSet(predictionCols)) {
            predictions.addAll(List.of(getOrDefault(predictionCols)));
        } else {
            labels.forEach(label -> predictions.add(RegressionModel.predictionColumn(label)));
        }
        if (predictions.size() != labels.size()) {
            throw new IllegalArgumentException(String.format("MultiLabelRegressionEvaluator: predictionCols %s "
                    + "name %d columns for %d labelCols %s.", predictions, predictions.size(), labels.size(), labels));
        }
        double total = 0;
        for (int k = 0; k < labels.size(); k++) {
            RegressionEvaluator one = new RegressionEvaluator().setLabelCol(labels.get(k))
                    .setPredictionCol(predictions.get(k)).setMetricName(getOrDefault(metricName));
            if (isSet(weightCol)) {
                one.setWeightCol(getOrDefault(weightCol));
            }
            total += one.evaluate(dataset);
        }
        return total / labels.size();
    }

    @Override
    public boolean isLargerBetter() {
        return new RegressionEvaluator().setMetricName(getOrDefault(metricName)).isLargerBetter();
    }

    @Override
    public MultiLabelRegressionEvaluator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<MultiLabelRegressionEvaluator> read() {
        return new DefaultParamsReader<>();
    }

    public static MultiLabelRegressionEvaluator load(String path) {
        return read().load(path);
    }
}
