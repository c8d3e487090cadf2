package org.cropsgd.config;

import java.util.OptionalInt;
import org.cropsgd.errors.Errors;

/**
 * What {@code cropsgd generate} makes: {@code rows} rows of {@code features} standard-normal feature
 * columns and {@code labels} label columns that are a known linear function of them plus Gaussian noise of
 * standard deviation {@code noise}, all drawn from {@code seed}, written to {@code output} in
 * {@code partitions} files (Spark's default parallelism when empty). Validated on construction.
 */
public record GenerateConfig(long rows, int features, int labels, String output, long seed, double noise,
                             OptionalInt partitions, boolean overwrite) {
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_NOISE = 0.1;

    public GenerateConfig {
        if (rows < 1) {
            throw Errors.invalidOption(OptionNames.ROWS, rows, "a whole number >= 1");
        }
        if (features < 1) {
            throw Errors.invalidOption(OptionNames.FEATURE_COUNT, features, "a whole number >= 1");
        }
        if (labels < 1) {
            throw Errors.invalidOption(OptionNames.LABEL_COUNT, labels, "a whole number >= 1");
        }
        if (!Double.isFinite(noise) || noise < 0) {
            throw Errors.invalidOption(OptionNames.NOISE, noise, "a finite number >= 0");
        }
        if (partitions.isPresent() && partitions.getAsInt() < 1) {
            throw Errors.invalidOption(OptionNames.PARTITIONS, partitions.getAsInt(), "a whole number >= 1");
        }
        if (output == null) {
            throw Errors.missingOption(OptionNames.OUTPUT);
        }
    }
}
