package org.cropsgd.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.cropsgd.model.RegressionModel;

/**
 * The params {@link CropSgdRegressor} and {@link CropSgdRegressionModel} share: one per training option of
 * the command line, named as {@link org.cropsgd.config.OptionNames#ML_PARAMS} says, plus the columns of the
 * ML API ({@code featuresCol}, {@code predictionCols}). Spark finds params by their public no-argument
 * accessors, so each is one here; the objects themselves are the stage's {@link #paramSet()}.
 *
 * <p>Predictions are one double column per label, {@code <label>_predicted} unless {@code predictionCols}
 * names them: the names {@code predict} writes, and plain columns a GPU can compute (a vector of predictions
 * would take a UDF).
 */
public interface CropSgdParams extends Params {

    /** The param objects of this stage. */
    CropSgdParamSet paramSet();

    default Param<String> featuresCol() {
        return paramSet().featuresCol;
    }

    default StringArrayParam inputCols() {
        return paramSet().inputCols;
    }

    default StringArrayParam labelCols() {
        return paramSet().labelCols;
    }

    default StringArrayParam predictionCols() {
        return paramSet().predictionCols;
    }

    default Param<String> weightCol() {
        return paramSet().weightCol;
    }

    default StringArrayParam groupCols() {
        return paramSet().groupCols;
    }

    default Param<String> onGroupFailure() {
        return paramSet().onGroupFailure;
    }

    default Param<String> handleInvalid() {
        return paramSet().handleInvalid;
    }

    default IntParam maxIter() {
        return paramSet().maxIter;
    }

    default DoubleParam stepSize() {
        return paramSet().stepSize;
    }

    default Param<String> strategy() {
        return paramSet().strategy;
    }

    default Param<String> optimizer() {
        return paramSet().optimizer;
    }

    default DoubleParam momentum() {
        return paramSet().momentum;
    }

    default BooleanParam nesterov() {
        return paramSet().nesterov;
    }

    default DoubleParam weightDecay() {
        return paramSet().weightDecay;
    }

    default DoubleParam beta1() {
        return paramSet().beta1;
    }

    default DoubleParam beta2() {
        return paramSet().beta2;
    }

    default DoubleParam eps() {
        return paramSet().eps;
    }

    default DoubleParam regParam() {
        return paramSet().regParam;
    }

    default DoubleParam tol() {
        return paramSet().tol;
    }

    default IntParam patience() {
        return paramSet().patience;
    }

    default DoubleParam validationFraction() {
        return paramSet().validationFraction;
    }

    default DoubleParam batchFraction() {
        return paramSet().batchFraction;
    }

    default Param<String> initModel() {
        return paramSet().initModel;
    }

    default Param<String> initMode() {
        return paramSet().initMode;
    }

    default LongParam seed() {
        return paramSet().seed;
    }

    default BooleanParam fitIntercept() {
        return paramSet().fitIntercept;
    }

    default BooleanParam standardization() {
        return paramSet().standardization;
    }

    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    /** The plain feature columns, when set (then {@code featuresCol} is not used). */
    default Optional<List<String>> getInputCols() {
        return isSet(inputCols()) ? Optional.of(List.of(getOrDefault(inputCols()))) : Optional.empty();
    }

    default List<String> getLabelCols() {
        return isSet(labelCols()) ? List.of(getOrDefault(labelCols())) : List.of();
    }

    /** Each label's prediction column, in label order: {@code predictionCols}, or {@code <label>_predicted}. */
    default List<String> getPredictionCols() {
        if (isSet(predictionCols())) {
            return List.of(getOrDefault(predictionCols()));
        }
        List<String> names = new ArrayList<>();
        getLabelCols().forEach(label -> names.add(RegressionModel.predictionColumn(label)));
        return names;
    }

    default Optional<String> getWeightCol() {
        return isSet(weightCol()) ? Optional.of(getOrDefault(weightCol())) : Optional.empty();
    }

    default List<String> getGroupCols() {
        return isSet(groupCols()) ? Arrays.asList(getOrDefault(groupCols())) : List.of();
    }
}
