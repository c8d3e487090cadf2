package org.cropsgd.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every option's name, in one place: the long command-line option is {@code "--" + name} (picocli's
 * {@code @Option(names = "--" + OptionNames.EPOCHS)}), the {@code --config} file's key is the name itself,
 * and so are the keys of {@code model.json}'s {@code config}, the checkpoint identity and the option an
 * error message names. Renaming an option here renames it everywhere.
 */
public final class OptionNames {
    // What to read.
    public static final String INPUT = "input";
    public static final String FORMAT = "format";
    public static final String CSV_DELIMITER = "csv-delimiter";
    public static final String LABELS = "labels";
    public static final String FEATURES = "features";
    public static final String WEIGHT_COL = "weight-col";
    public static final String GROUP_BY = "group-by";
    public static final String ON_GROUP_FAILURE = "on-group-failure";
    public static final String INVALID = "invalid";
    public static final String CONFIG = "config";

    // What to train.
    public static final String EPOCHS = "epochs";
    public static final String LEARNING_RATE = "learning-rate";
    public static final String STRATEGY = "strategy";
    public static final String OPTIMIZER = "optimizer";
    public static final String MOMENTUM = "momentum";
    public static final String NESTEROV = "nesterov";
    public static final String WEIGHT_DECAY = "weight-decay";
    public static final String BETA1 = "beta1";
    public static final String BETA2 = "beta2";
    public static final String EPS = "eps";
    public static final String L2 = "l2";
    public static final String TOL = "tol";
    public static final String PATIENCE = "patience";
    public static final String VALIDATION_FRACTION = "validation-fraction";
    public static final String BATCH_FRACTION = "batch-fraction";
    public static final String INIT_MODEL = "init-model";
    public static final String INIT = "init";
    public static final String SEED = "seed";
    /** The command line's {@code --no-intercept}; saved and compared as {@link #INTERCEPT}. */
    public static final String NO_INTERCEPT = "no-intercept";
    public static final String INTERCEPT = "intercept";
    public static final String STANDARDIZE = "standardize";

    // Where the output goes.
    public static final String OUTPUT = "output";
    public static final String OVERWRITE = "overwrite";
    public static final String CHECKPOINT_DIR = "checkpoint-dir";
    public static final String CHECKPOINT_EVERY = "checkpoint-every";
    public static final String RESUME = "resume";
    public static final String PLOTS = "plots";

    // Using a model: predict and evaluate.
    public static final String MODEL = "model";
    public static final String KEEP = "keep";
    public static final String KEEP_ALL = "keep-all";
    public static final String OUTPUT_FORMAT = "output-format";
    public static final String UNKNOWN_GROUP = "unknown-group";

    // Generating a table: generate.
    public static final String ROWS = "rows";
    public static final String FEATURE_COUNT = "features";
    public static final String LABEL_COUNT = "labels";
    public static final String NOISE = "noise";
    public static final String PARTITIONS = "partitions";
    public static final String REGIONS = "regions";
    public static final String REGION_EFFECT = "region-effect";

    /**
     * The Spark ML param of each training option ({@code ml.CropSgdParams}): MLlib's name where MLlib has the
     * setting ({@code maxIter}, {@code regParam}, {@code fitIntercept}, {@code handleInvalid}…), the option's
     * own in camel case otherwise. {@code --features} is {@code inputCols} (plain numeric columns); a vector
     * column, MLlib's {@code featuresCol}, is the ML API's alone. The output options ({@code --output},
     * checkpoints) are a job's, not a fit's, and have no param.
     */
    public static final Map<String, String> ML_PARAMS = mlParams();

    private static Map<String, String> mlParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(FEATURES, "inputCols");
        params.put(LABELS, "labelCols");
        params.put(WEIGHT_COL, "weightCol");
        params.put(GROUP_BY, "groupCols");
        params.put(ON_GROUP_FAILURE, "onGroupFailure");
        params.put(INVALID, "handleInvalid");
        params.put(EPOCHS, "maxIter");
        params.put(LEARNING_RATE, "stepSize");
        params.put(STRATEGY, "strategy");
        params.put(OPTIMIZER, "optimizer");
        params.put(MOMENTUM, "momentum");
        params.put(NESTEROV, "nesterov");
        params.put(WEIGHT_DECAY, "weightDecay");
        params.put(BETA1, "beta1");
        params.put(BETA2, "beta2");
        params.put(EPS, "eps");
        params.put(L2, "regParam");
        params.put(TOL, "tol");
        params.put(PATIENCE, "patience");
        params.put(VALIDATION_FRACTION, "validationFraction");
        params.put(BATCH_FRACTION, "batchFraction");
        params.put(INIT_MODEL, "initModel");
        params.put(INIT, "initMode");
        params.put(SEED, "seed");
        params.put(INTERCEPT, "fitIntercept");
        params.put(STANDARDIZE, "standardization");
        return Collections.unmodifiableMap(params);
    }

    /** The Spark ML param of training option {@code option}. */
    public static String mlParam(String option) {
        String param = ML_PARAMS.get(option);
        if (param == null) {
            throw new IllegalArgumentException("no ML param for --" + option);
        }
        return param;
    }

    private OptionNames() {}

    /** The command-line spelling of an option: {@code --name}. */
    public static String flag(String name) {
        return "--" + name;
    }
}
