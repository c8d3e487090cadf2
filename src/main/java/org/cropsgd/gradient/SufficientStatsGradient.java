package org.cropsgd.gradient;

import java.util.Optional;
import org.cropsgd.model.LinearModel;

/**
 * The gradient of any model from a few moments of the table, with no pass over the data per epoch. For
 * squared loss the residual sums at a model M = (W, b) follow exactly from those at an anchor model
 * A = (W*, b*) and the centred moments: with Δ = W − W*, δ = b − b*, g = Δ·z̄ + δ,
 * <pre>
 *   Σ r zᵀ = Σ r_A zᵀ + Δ·Czz + n·g·z̄ᵀ
 *   Σ r    = Σ r_A + n·g
 *   Σ r²   = Σ r_A² + 2·(Δ·Σ r_A zᵀ + δ·Σ r_A) + Δ·Czz·Δᵀ + n·g²      (per label)
 * </pre>
 * The anchor is the least-squares solution. Its residual sums follow from the moments too, and are used
 * as they are unless the fit is near exact: when the least-squares residual Σ r_A² of some label is at or
 * below {@link #NEAR_EXACT} of that label's spread, the moments would give it as the difference of much
 * larger numbers and lose its digits, so the anchor's sums are measured by one data pass with its weights as
 * literals. Near the optimum the loss is then Σ r_A² (measured on the data) plus non-negative terms, so it
 * stays accurate as it approaches zero. Cost: no pass, or the anchor pass, then O(k·d²) driver work per
 * epoch.
 *
 * <p>When Czz is singular (more features than rows, collinear or constant features), Δ·Czz·Δᵀ is zero
 * along its null space and the loss is flat there in exact arithmetic: the term Σ r_A zᵀ, written as
 * Σ r_A (z − z̄)ᵀ + z̄·Σ r_A, has its first part in the range of Czz. Measured, that part carries rounding
 * noise along the null space too, and the rounding-level eigenvalues there can be negative. Taken as they
 * are, they make the loss a slope or a saddle in directions the data does not see: gradient descent walks
 * down it for ever and the reported MSE goes below zero. So Czz is used through its significant
 * eigenpairs only ({@link SymmetricEigen}'s cutoff, the one the least-squares solve uses) and Σ r_A (z − z̄)ᵀ
 * is projected onto their span. The loss and gradient are then those of a convex quadratic that is exactly
 * flat along the null space, as the true loss is: the weights' component there keeps its starting value.
 * With Czz of full rank the sums are used as measured and Czz as it is.
 */
public final class SufficientStatsGradient implements GradientSource {
    private final CentredMoments moments;
    private final boolean intercept;
    private final LinearModel anchor;
    private final ResidualSums atAnchor;
    /** Czz through its significant eigenpairs when it is singular; empty when it has full rank. */
    private final Optional<SymmetricEigen> singularZz;

    /**
     * The least-squares residual of a label, as a share of its spread Σ(y − ȳ)² (Σy² without an intercept),
     * at or below which the anchor's sums are measured rather than derived: derived, their rounding error is
     * about 1e-16 of the spread, so above this share the loss keeps at least 12 digits.
     */
    static final double NEAR_EXACT = 1e-4;

    private final long anchorPasses;

    /**
     * @param moments  the centred moments in training units
     * @param passes   computes residual sums by a pass over the table (the per-epoch SQL pass)
     */
    public SufficientStatsGradient(CentredMoments moments, PerEpochGradient passes, boolean intercept) {
        this.moments = moments;
        this.intercept = intercept;
        // With an intercept the normal matrix is Czz itself: one decomposition serves both.
        SymmetricEigen normal = SymmetricEigen.of(moments.normalMatrix(intercept));
        this.anchor = leastSquares(moments, intercept, normal);
        SymmetricEigen zz = intercept ? normal : SymmetricEigen.of(moments.zz());
        this.singularZz = zz.rank() < moments.featureCount() ? Optional.of(zz) : Optional.empty();
        ResidualSums derived = derivedSums(moments, anchor);
        boolean measure = nearExact(moments, derived, intercept);
        ResidualSums sums = measure ? passes.residualSums(anchor) : derived;
        this.anchorPasses = measure ? 1 : 0;
        this.atAnchor = singularZz.map(eigen -> inRangeOfZz(sums, moments.zMean(), eigen)).orElse(sums);
    }

    /** Whether a run on {@code moments} (training units) measures its anchor's sums by a pass. */
    public static boolean measuresAnchor(CentredMoments moments, boolean intercept) {
        LinearModel anchor = leastSquares(moments, intercept, SymmetricEigen.of(moments.normalMatrix(intercept)));
        return nearExact(moments, derivedSums(moments, anchor), intercept);
    }

    private static boolean nearExact(CentredMoments moments, ResidualSums atAnchor, boolean intercept) {
        for (int label = 0; label < moments.yMean().length; label++) {
            double mean = moments.yMean()[label];
            double spread = moments.yy()[label][label] + (intercept ? 0 : moments.rows() * mean * mean);
            if (!(atAnchor.squaredResidual()[label] > NEAR_EXACT * spread)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The residual sums at {@code model} from the moments alone, r = W·z + b − y, g = W·z̄ + b − ȳ:
     * Σ r (z − z̄)ᵀ = W·Czz − Cyz, Σ r = n·g, Σ r zᵀ = Σ r (z − z̄)ᵀ + z̄·Σ r, Σ r² = W·Czz·Wᵀ − 2·W·Czy + Cyy + n·g².
     */
    static ResidualSums derivedSums(CentredMoments moments, LinearModel model) {
        int k = model.labelCount();
        int d = model.featureCount();
        long n = moments.rows();
        double[] zMean = moments.zMean();
        double[][] rz = new double[k][d];
        double[] r = new double[k];
        double[] rr = new double[k];
        double[] w = new double[d];
        double[] wZz = new double[d];
        for (int label = 0; label < k; label++) {
            double g = model.bias(label) - moments.yMean()[label];
            double wZy = 0;
            for (int j = 0; j < d; j++) {
                w[j] = model.weight(label, j);
                g += w[j] * zMean[j];
                wZy += w[j] * moments.zy()[j][label];
            }
            double quadratic = timesAndQuadratic(moments.zz(), w, wZz);
            for (int j = 0; j < d; j++) {
                rz[label][j] = wZz[j] - moments.zy()[j][label] + zMean[j] * n * g;
            }
            r[label] = n * g;
            rr[label] = quadratic - 2 * wZy + moments.yy()[label][label] + n * g * g;
        }
        return new ResidualSums(rz, r, rr, n);
    }

    /** The anchor's sums with Σ r_A (z − z̄)ᵀ projected onto the range of Czz, where it lies in exact arithmetic. */
    private static ResidualSums inRangeOfZz(ResidualSums measured, double[] zMean, SymmetricEigen zz) {
        int k = measured.residual().length;
        int d = zMean.length;
        double[][] rz = new double[k][];
        for (int label = 0; label < k; label++) {
            double sum = measured.residual()[label];
            double[] centred = measured.residualTimesFeature()[label].clone();
            for (int j = 0; j < d; j++) {
                centred[j] -= zMean[j] * sum;
            }
            rz[label] = zz.projectOntoRange(centred);
            for (int j = 0; j < d; j++) {
                rz[label][j] += zMean[j] * sum;
            }
        }
        return new ResidualSums(rz, measured.residual(), measured.squaredResidual(), measured.rows());
    }

    @Override
    public LossGradient evaluate(LinearModel model) {
        int k = model.labelCount();
        int d = model.featureCount();
        long n = moments.rows();
        double[] zMean = moments.zMean();
        double[][] rz = new double[k][d];
        double[] r = new double[k];
        double[] rr = new double[k];
        double[] delta = new double[d];
        double[] deltaZz = new double[d];
        for (int label = 0; label < k; label++) {
            double deltaB = model.bias(label) - anchor.bias(label);
            double g = deltaB;
            double crossAnchor = deltaB * atAnchor.residual()[label];
            for (int j = 0; j < d; j++) {
                delta[j] = model.weight(label, j) - anchor.weight(label, j);
                g += delta[j] * zMean[j];
                crossAnchor += delta[j] * atAnchor.residualTimesFeature()[label][j];
            }
            double quadratic = singularZz.isPresent()
                    ? singularZz.get().timesAndQuadratic(delta, deltaZz)
                    : timesAndQuadratic(moments.zz(), delta, deltaZz);
            for (int j = 0; j < d; j++) {
                rz[label][j] = atAnchor.residualTimesFeature()[label][j] + deltaZz[j] + n * g * zMean[j];
            }
            r[label] = atAnchor.residual()[label] + n * g;
            rr[label] = atAnchor.squaredResidual()[label] + 2 * crossAnchor + quadratic + n * g * g;
        }
        return new ResidualSums(rz, r, rr, n).toLossGradient(intercept);
    }

    /** {@code v·M} into {@code product}, and {@code v·M·vᵀ}, with M as it is. */
    private static double timesAndQuadratic(double[][] m, double[] v, double[] product) {
        double quadratic = 0;
        for (int j = 0; j < v.length; j++) {
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                sum += v[i] * m[i][j];
            }
            product[j] = sum;
            quadratic += sum * v[j];
        }
        return quadratic;
    }

    /** The anchor pass, when the fit is near exact; the moments are the caller's to count. */
    @Override
    public long dataPasses() {
        return anchorPasses;
    }

    /**
     * The least-squares model in training units (minimum-norm if features are collinear). Only its
     * closeness to the optimum matters, for accuracy; the formulas above are exact for any anchor.
     */
    static LinearModel leastSquares(CentredMoments moments, boolean intercept, SymmetricEigen normal) {
        int d = moments.featureCount();
        long n = moments.rows();
        double[] zMean = moments.zMean();
        double[] yMean = moments.yMean();
        int k = yMean.length;
        double[][] rhs = new double[k][d];
        for (int i = 0; i < d; i++) {
            for (int label = 0; label < k; label++) {
                rhs[label][i] = moments.zy()[i][label] + (intercept ? 0 : n * zMean[i] * yMean[label]);
            }
        }
        double[][] w = normal.solveRows(rhs);
        double[] b = new double[k];
        if (intercept) {
            for (int label = 0; label < k; label++) {
                b[label] = yMean[label];
                for (int j = 0; j < d; j++) {
                    b[label] -= w[label][j] * zMean[j];
                }
            }
        }
        return new LinearModel(w, b);
    }
}
