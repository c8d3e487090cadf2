package org.cropsgd.moments;

import java.io.Serializable;
import org.cropsgd.model.LinearModel;

/**
 * The model whose residuals r = W·x + b − y a pass added up as moment columns after the labels (see
 * {@link RowSums#anchoredLabels}), in the units of the features and labels as they were summed.
 *
 * @param model          k × d: one row of weights and one intercept per label
 * @param roundingScale  per label, the size of the terms its Σ r² was added up from: the rounding of those
 *                       sums is about 1e-16 of this. Σ r² itself when every task used this model; more when
 *                       tasks used anchors of their own and their sums were moved to this one
 */
public record ResidualAnchor(LinearModel model, double[] roundingScale) implements Serializable {}
