package org.cropsgd.config;

/**
 * Every training option's default, in one place, as the text the command line would take: picocli's
 * {@code defaultValue} ({@code cli.TrainingOptions}) and the Spark ML params' defaults
 * ({@code ml.CropSgdParams}) both read them here, so the two front ends cannot drift apart.
 */
public final class OptionDefaults {
    public static final String EPOCHS = "100";
    public static final String LEARNING_RATE = "auto";
    public static final String STRATEGY = "auto";
    public static final String OPTIMIZER = "sgd";
    public static final String MOMENTUM = "0";
    public static final String WEIGHT_DECAY = "0";
    public static final String BETA1 = "0.9";
    public static final String BETA2 = "0.999";
    public static final String EPS = "1e-8";
    public static final String L2 = "0";
    public static final String TOL = "0";
    public static final String PATIENCE = "5";
    public static final String VALIDATION_FRACTION = "0";
    public static final String BATCH_FRACTION = "1";
    public static final String INIT = "normal";
    public static final String SEED = "42";
    public static final String STANDARDIZE = "true";
    public static final String INVALID = "error";
    public static final String ON_GROUP_FAILURE = "error";

    private OptionDefaults() {}
}
