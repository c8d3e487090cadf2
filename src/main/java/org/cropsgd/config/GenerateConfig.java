package org.cropsgd.config;

import java.util.OptionalInt;
import org.cropsgd.errors.Errors;

/**
 * What {@code cropsgd generate} makes: {@code rows} rows of {@code features} standard-normal feature
 * columns and {@code labels} label columns that are a known linear function of them plus Gaussian noise of
 * standard deviation {@code noise}, all drawn from {@code seed}, written to {@code output} in
 * {@code partitions} files (Spark's default parallelism when empty) of {@code format}. With {@code regions}
 * R &ge; 1 each row belongs to one of R regions, and each region's true weights and biases are the global
 * ones plus N(0, {@code regionEffect}²) deviations (0: one model for all). Validated on construction.
 */
public record GenerateConfig(long rows, int features, int labels, String output, long seed, double noise,
                             OptionalInt partitions, boolean overwrite, int regions, double regionEffect,
                             InputFormat format) {
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
        if (regions < 0) {
            throw Errors.invalidOption(OptionNames.REGIONS, regions, "a whole number >= 0 (0: no region column)");
        }
        if (regions > rows) {
            throw Errors.moreRegionsThanRows(regions, rows);
        }
        if (!Double.isFinite(regionEffect) || regionEffect < 0) {
            throw Errors.invalidOption(OptionNames.REGION_EFFECT, regionEffect, "a finite number >= 0");
        }
        if (regionEffect > 0 && regions == 0) {
            throw Errors.optionNeeds(OptionNames.REGION_EFFECT, "--regions 1 or more");
        }
        if (output == null) {
            throw Errors.missingOption(OptionNames.OUTPUT);
        }
        if (format == null) {
            throw Errors.missingOption(OptionNames.OUTPUT_FORMAT);
        }
    }
}
