package org.cropsgd.ml;

import static org.cropsgd.config.OptionNames.mlParam;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.cropsgd.config.OptionDefaults;
import org.cropsgd.config.OptionNames;

/**
 * The param objects of one cropsgd stage (a {@link CropSgdRegressor} or its model): Spark ties a param to
 * its owner's uid, so each stage makes its own set; {@link CropSgdParams} hands them out. The names are
 * {@link OptionNames#ML_PARAMS}'s, the defaults {@link OptionDefaults}' — the command line's own.
 */
public final class CropSgdParamSet {
    final Param<String> featuresCol;
    final StringArrayParam inputCols;
    final StringArrayParam labelCols;
    final StringArrayParam predictionCols;
    final Param<String> weightCol;
    final StringArrayParam groupCols;
    final Param<String> onGroupFailure;
    final Param<String> handleInvalid;
    final IntParam maxIter;
    final DoubleParam stepSize;
    final Param<String> strategy;
    final Param<String> optimizer;
    final DoubleParam momentum;
    final BooleanParam nesterov;
    final DoubleParam weightDecay;
    final DoubleParam beta1;
    final DoubleParam beta2;
    final DoubleParam eps;
    final DoubleParam regParam;
    final DoubleParam tol;
    final IntParam patience;
    final DoubleParam validationFraction;
    final DoubleParam batchFraction;
    final Param<String> initModel;
    final Param<String> initMode;
    final LongParam seed;
    final BooleanParam fitIntercept;
    final BooleanParam standardization;

    CropSgdParamSet(Params owner) {
        String uid = owner.uid();
        featuresCol = new Param<>(uid, "featuresCol", "A vector column of features (as VectorAssembler makes), "
                + "used when inputCols is not set. Not GPU-eligible: reading a vector takes a UDF.");
        inputCols = new StringArrayParam(owner, mlParam(OptionNames.FEATURES), "Plain numeric feature columns (the "
                + "GPU-friendly input; --features); when set, featuresCol is not used.");
        labelCols = new StringArrayParam(owner, mlParam(OptionNames.LABELS), "Label columns, one weight row and "
                + "intercept each (--labels). Required.");
        predictionCols = new StringArrayParam(owner, "predictionCols", "The prediction column of each label, in "
                + "labelCols' order. Default: <label>_predicted, as predict writes them.");
        weightCol = new Param<>(uid, mlParam(OptionNames.WEIGHT_COL), "A column of sample weights w >= 0 "
                + "(--weight-col); not set: every row weighs 1.");
        groupCols = new StringArrayParam(owner, mlParam(OptionNames.GROUP_BY), "One model per distinct value of "
                + "these key columns (--group-by); a row of a group without a model gets null predictions.");
        onGroupFailure = new Param<>(uid, mlParam(OptionNames.ON_GROUP_FAILURE), "error|skip (--on-group-failure).");
        handleInvalid = new Param<>(uid, mlParam(OptionNames.INVALID), "Training rows with a null, NaN or "
                + "infinite feature or label: error or skip (--invalid).");
        maxIter = new IntParam(uid, mlParam(OptionNames.EPOCHS), "Gradient steps, at most (--epochs).");
        stepSize = new DoubleParam(uid, mlParam(OptionNames.LEARNING_RATE), "Learning rate (--learning-rate); not "
                + "set: auto (1/λ for SGD, 0.001 for Adam).");
        strategy = new Param<>(uid, mlParam(OptionNames.STRATEGY), "auto|per-epoch|sufficient-stats (--strategy).");
        optimizer = new Param<>(uid, mlParam(OptionNames.OPTIMIZER), "sgd|adam (--optimizer).");
        momentum = new DoubleParam(uid, mlParam(OptionNames.MOMENTUM), "SGD momentum (--momentum).");
        nesterov = new BooleanParam(uid, mlParam(OptionNames.NESTEROV), "Nesterov momentum (--nesterov).");
        weightDecay = new DoubleParam(uid, mlParam(OptionNames.WEIGHT_DECAY), "torch's weight_decay (--weight-decay).");
        beta1 = new DoubleParam(uid, mlParam(OptionNames.BETA1), "Adam's first-moment decay (--beta1).");
        beta2 = new DoubleParam(uid, mlParam(OptionNames.BETA2), "Adam's second-moment decay (--beta2).");
        eps = new DoubleParam(uid, mlParam(OptionNames.EPS), "Adam's denominator term (--eps).");
        regParam = new DoubleParam(uid, mlParam(OptionNames.L2), "Ridge λ of the penalty λ·ΣW² added to the mean "
                + "squared error, in training units (--l2). Not MLlib's regParam convention (λ/2·‖w‖² on half "
                + "the MSE); 0 fits the same least-squares model.");
        tol = new DoubleParam(uid, mlParam(OptionNames.TOL), "Stop when the relative loss improvement stays below "
                + "this for patience epochs; 0: never (--tol).");
        patience = new IntParam(uid, mlParam(OptionNames.PATIENCE), "Epochs in a row below tol (--patience).");
        validationFraction = new DoubleParam(uid, mlParam(OptionNames.VALIDATION_FRACTION), "Share of rows held "
                + "out for a validation loss (--validation-fraction).");
        batchFraction = new DoubleParam(uid, mlParam(OptionNames.BATCH_FRACTION), "Share of rows sampled for each "
                + "step (--batch-fraction).");
        initModel = new Param<>(uid, mlParam(OptionNames.INIT_MODEL), "Warm start from the model.json in this "
                + "directory (a train output or a saved CropSgdRegressionModel) (--init-model).");
        initMode = new Param<>(uid, mlParam(OptionNames.INIT), "zeros|normal initial weights (--init).");
        seed = new LongParam(uid, mlParam(OptionNames.SEED), "Seed of the initial weights, validation split and "
                + "mini-batches (--seed).");
        fitIntercept = new BooleanParam(uid, mlParam(OptionNames.INTERCEPT), "Fit an intercept per label "
                + "(--no-intercept turns it off).");
        standardization = new BooleanParam(uid, mlParam(OptionNames.STANDARDIZE), "Train on standardized "
                + "features; the model is in original units either way (--standardize).");
    }

    /** Sets the command line's defaults on {@code owner}, whose params these are. */
    void setDefaults(Params owner) {
        owner.setDefault(featuresCol, "features");
        owner.setDefault(onGroupFailure, OptionDefaults.ON_GROUP_FAILURE);
        owner.setDefault(handleInvalid, OptionDefaults.INVALID);
        owner.setDefault(maxIter, (Object) Integer.parseInt(OptionDefaults.EPOCHS));
        // stepSize has none: not set means OptionDefaults.LEARNING_RATE, auto.
        owner.setDefault(strategy, OptionDefaults.STRATEGY);
        owner.setDefault(optimizer, OptionDefaults.OPTIMIZER);
        owner.setDefault(momentum, (Object) Double.parseDouble(OptionDefaults.MOMENTUM));
        owner.setDefault(nesterov, (Object) false);
        owner.setDefault(weightDecay, (Object) Double.parseDouble(OptionDefaults.WEIGHT_DECAY));
        owner.setDefault(beta1, (Object) Double.parseDouble(OptionDefaults.BETA1));
        owner.setDefault(beta2, (Object) Double.parseDouble(OptionDefaults.BETA2));
        owner.setDefault(eps, (Object) Double.parseDouble(OptionDefaults.EPS));
        owner.setDefault(regParam, (Object) Double.parseDouble(OptionDefaults.L2));
        owner.setDefault(tol, (Object) Double.parseDouble(OptionDefaults.TOL));
        owner.setDefault(patience, (Object) Integer.parseInt(OptionDefaults.PATIENCE));
        owner.setDefault(validationFraction, (Object) Double.parseDouble(OptionDefaults.VALIDATION_FRACTION));
        owner.setDefault(batchFraction, (Object) Double.parseDouble(OptionDefaults.BATCH_FRACTION));
        owner.setDefault(initMode, OptionDefaults.INIT);
        owner.setDefault(seed, (Object) Long.parseLong(OptionDefaults.SEED));
        owner.setDefault(fitIntercept, (Object) true);
        owner.setDefault(standardization, (Object) Boolean.parseBoolean(OptionDefaults.STANDARDIZE));
    }
}
