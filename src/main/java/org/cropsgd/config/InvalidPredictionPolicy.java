package org.cropsgd.config;

/**
 * What {@code predict} does with a row whose feature is null, NaN, infinite or not a number
 * ({@code --invalid}); {@code train} and {@code evaluate} have {@link InvalidRowPolicy}, without {@link #NULL}.
 */
public enum InvalidPredictionPolicy {
    /** Stop with exit 3 showing the first such row; nothing is written. */
    ERROR,
    /** Leave such rows out of the output. */
    SKIP,
    /** Write such rows with a null prediction for every label. */
    NULL
}
