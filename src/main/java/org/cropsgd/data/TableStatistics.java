package org.cropsgd.data;

/**
 * Per-column means of the training rows, from the same pass as their centred moments
 * ({@link org.cropsgd.gradient.CentredMoments}): what standardization centres at and what the final
 * metrics' R² sums are shifted by.
 */
public record TableStatistics(double[] featureMean, double[] labelMean) {}
