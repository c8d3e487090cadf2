package org.cropsgd.gradient;

import org.cropsgd.model.LinearModel;

/**
 * A model and its residual sums over the training rows, in the units of the moments they go with: the
 * starting point from which {@link SufficientStatsGradient} derives the sums at any other model exactly.
 * Derived sums keep their digits when the anchor is close to the model they are derived for, so the sums of
 * an anchor near the least-squares fit are worth measuring on the rows (see {@link CentredMoments#anchor}).
 *
 * @param roundingScale per label, the size of the terms its Σ r² was added up from (Σ r² itself, or more
 *                      when it was moved from other anchors, see {@link org.cropsgd.moments.ResidualAnchor})
 */
public record AnchorSums(LinearModel model, ResidualSums sums, double[] roundingScale) {

    /** Sums whose Σ r² is as large as any term it was added up from. */
    public AnchorSums(LinearModel model, ResidualSums sums) {
        this(model, sums, sums.squaredResidual());
    }
}
