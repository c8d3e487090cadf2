package org.cropsgd.metrics;

/**
 * How well the model fits one label on the training rows.
 *
 * @param mse   mean squared error
 * @param rmse  its square root, in the label's units
 * @param mae   mean absolute error
 * @param r2    coefficient of determination, 1 − SSE/SST; null for a constant label (SST = 0), where it
 *              is undefined
 */
public record LabelMetrics(double mse, double rmse, double mae, Double r2) {}
