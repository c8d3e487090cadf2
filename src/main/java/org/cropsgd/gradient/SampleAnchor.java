package org.cropsgd.gradient;

import java.util.List;
import java.util.Optional;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;
import org.cropsgd.moments.ShiftedMoments;

/**
 * The least-squares fit of a few rows, as an anchor for {@link SufficientStatsGradient}: the loading pass
 * fits one to each task's first rows and adds up its residuals as moment columns, so that a near-exact fit
 * needs no anchor pass of its own. On a near-exact table the fit of a thousand rows is already close to
 * that of all of them, and the sums of the full fit then follow from the anchor's without losing digits;
 * when the first rows are not like the rest, the derived sums say so and the anchor pass runs as it would
 * without this.
 *
 * <p>Only when the rows suggest a near-exact fit (some label's residual at most {@link #LIKELY_NEAR_EXACT} of
 * its spread on them): for any other table the moments give the sums accurately and the fit would be work
 * for nothing.
 */
public final class SampleAnchor {
    /** Features up to which the loading pass fits anchors: past it, the rows to fit cost more than a pass. */
    public static final int MAX_FEATURES = 256;

    /** On the rows fitted, 100 times {@link SufficientStatsGradient#NEAR_EXACT}: far from it, no anchor. */
    static final double LIKELY_NEAR_EXACT = 100 * SufficientStatsGradient.NEAR_EXACT;

    /** Largest weight or intercept taken, so that the residual of a row whose values square-sum is finite. */
    private static final double LARGEST_PARAMETER = 1e100;

    private SampleAnchor() {}

    /**
     * Rows to fit an anchor to for {@code features} features: four per parameter at least, so that the
     * residual on them says how exact the fit is rather than how few rows there are.
     */
    public static int rowsFor(int features) {
        return Math.max(1000, 4 * (features + 1));
    }

    /**
     * The anchor of {@code rows} (the first {@code features} values of each are features, the rest labels, all
     * finite), in their units; empty when it would not help (see the class comment) or there are fewer than
     * twice as many rows as parameters per label.
     */
    public static Optional<LinearModel> fit(List<double[]> rows, int features) {
        if (rows.size() < 2 * (features + 1) || rows.get(0).length == features) {
            return Optional.empty();
        }
        CentredMoments moments = CentredMoments.of(ShiftedMoments.of(rows), features);
        // Solved in standardized units, so that the solve's relative cutoff does not depend on the features' units.
        Standardization standardization = Standardization.of(moments.zMean(), moments.featureStddev(), true);
        CentredMoments standardized = moments.inTrainingUnits(standardization);
        LinearModel fitted = LeastSquaresFit.solve(standardized, true);
        LinearModel inInputUnits = standardization.toOriginalUnits(fitted);
        if (!likelyNearExact(standardized, fitted) || !bounded(inInputUnits)) {
            return Optional.empty();
        }
        return Optional.of(inInputUnits);
    }

    private static boolean likelyNearExact(CentredMoments moments, LinearModel fitted) {
        ResidualSums sums = SufficientStatsGradient.derivedSums(moments, fitted, true);
        for (int label = 0; label < fitted.labelCount(); label++) {
            if (sums.squaredResidual()[label] <= LIKELY_NEAR_EXACT * moments.yy()[label][label]) {
                return true;
            }
        }
        return false;
    }

    private static boolean bounded(LinearModel model) {
        for (int label = 0; label < model.labelCount(); label++) {
            if (!(Math.abs(model.bias(label)) <= LARGEST_PARAMETER)) {
                return false;
            }
            for (int j = 0; j < model.featureCount(); j++) {
                if (!(Math.abs(model.weight(label, j)) <= LARGEST_PARAMETER)) {
                    return false;
                }
            }
        }
        return true;
    }
}
