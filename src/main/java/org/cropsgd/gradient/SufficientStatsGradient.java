package org.cropsgd.gradient;

import java.util.ArrayList;
import java.util.List;
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
 * The anchor of the epochs is the least-squares solution L. Its sums follow by the same formulas from those
 * of any model whose sums are known: from the moments alone, those of the model with no weights (r = c − y, c
 * the labels' mean with an intercept, 0 without); or those the loading pass added up at anchors fitted to
 * each task's first rows ({@link CentredMoments#anchor}, {@link SampleAnchor}). Derived, Σ r_L² is a sum of
 * terms as large as the start's Σ r² (or the terms that was itself added up from) and Δ·Czz·Δᵀ + n·g², and
 * keeps its digits unless it is at or below {@link #NEAR_EXACT} of the largest of them: from the model with
 * no weights that happens when the fit is near exact (Σ r_L² a tiny share of the labels' spread), from the
 * loading pass's anchor only when that anchor is far from L. When no start gives L's sums accurately, they
 * are measured by one data pass with L's weights as literals (the anchor pass). Near the optimum the loss is
 * then Σ r_L² (measured on the data) plus non-negative terms, so it stays accurate as
 * it approaches zero. Cost: no pass (the anchor pass only for a near-exact fit with no loading-pass anchor
 * close to L: under the Spark SQL engine, or when the first rows are unlike the rest), then O(k·d²) driver
 * work per epoch.
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
    private final LeastSquaresFit anchor;
    private final ResidualSums atAnchor;
    /** Czz through its significant eigenpairs when it is singular; empty when it has full rank. */
    private final Optional<SymmetricEigen> singularZz;

    /**
     * At or below this share of the largest term it is derived from, a derived Σ r² is measured rather than
     * used: each term carries rounding of about 1e-16 of itself, so above this share the loss keeps at least
     * 12 digits. From the model with no weights the largest term is the label's spread Σ(y − ȳ)² (Σy²
     * without an intercept).
     */
    static final double NEAR_EXACT = 1e-4;

    /** Training relative to {@code anchor}, the least-squares fit of the same moments (in training units). */
    public SufficientStatsGradient(LeastSquaresFit anchor) {
        this.moments = anchor.moments();
        this.intercept = anchor.intercept();
        this.anchor = anchor;
        // With an intercept the normal matrix is Czz itself: one decomposition serves both.
        SymmetricEigen zz = intercept ? anchor.normal() : SymmetricEigen.of(moments.zz());
        this.singularZz = zz.rank() < moments.featureCount() ? Optional.of(zz) : Optional.empty();
        ResidualSums sums = anchor.sums();
        this.atAnchor = singularZz.map(eigen -> inRangeOfZz(sums, moments.zMean(), eigen)).orElse(sums);
    }

    /**
     * The sums at {@code model} derived from the first start that gives them accurately: the anchor the
     * loading pass measured, when there is one, then the model with no weights; empty when neither does.
     */
    static Optional<ResidualSums> accurateSums(CentredMoments moments, LinearModel model, boolean intercept) {
        List<AnchorSums> starts = new ArrayList<>();
        moments.anchor().ifPresent(starts::add);
        starts.add(noWeights(moments, intercept));
        for (AnchorSums start : starts) {
            Derived derived = derive(moments, start, model, moments.zz());
            if (derived.accurate()) {
                return Optional.of(derived.sums());
            }
        }
        return Optional.empty();
    }

    /** The sums at {@code model} from the moments alone (from the model with no weights). */
    static ResidualSums derivedSums(CentredMoments moments, LinearModel model, boolean intercept) {
        return derive(moments, noWeights(moments, intercept), model, moments.zz()).sums();
    }

    /**
     * The model with no weights and intercepts c (ȳ with an intercept, 0 without) and its sums from the moments:
     * r = c − y, Σ r zᵀ = −Czy − n·(ȳ − c)·z̄ᵀ, Σ r = −n·(ȳ − c), Σ r² = Cyy + n·(ȳ − c)².
     */
    private static AnchorSums noWeights(CentredMoments moments, boolean intercept) {
        int k = moments.yMean().length;
        int d = moments.featureCount();
        double n = moments.weight();
        double[] c = intercept ? moments.yMean().clone() : new double[k];
        double[][] rz = new double[k][d];
        double[] r = new double[k];
        double[] rr = new double[k];
        for (int label = 0; label < k; label++) {
            double offset = moments.yMean()[label] - c[label];
            for (int j = 0; j < d; j++) {
                rz[label][j] = -moments.zy()[j][label] - n * offset * moments.zMean()[j];
            }
            r[label] = -n * offset;
            rr[label] = moments.yy()[label][label] + n * offset * offset;
        }
        return new AnchorSums(new LinearModel(new double[k][d], c), new ResidualSums(rz, r, rr, n));
    }

    /**
     * Sums derived from a start's, and whether they keep their digits: Σ r² above {@link #NEAR_EXACT} of the
     * largest term it is the sum of, for every label.
     */
    private record Derived(ResidualSums sums, boolean accurate) {}

    /** {@code v·Czz} into {@code product}, and {@code v·Czz·vᵀ}. */
    private interface ZzProduct {
        double timesAndQuadratic(double[] v, double[] product);
    }

    private static Derived derive(CentredMoments moments, AnchorSums start, LinearModel model, double[][] zz) {
        return derive(moments, start, model, (v, product) -> timesAndQuadratic(zz, v, product));
    }

    /** The formulas of the class comment, from {@code start} to {@code model}. */
    private static Derived derive(CentredMoments moments, AnchorSums start, LinearModel model, ZzProduct zz) {
        int k = model.labelCount();
        int d = model.featureCount();
        double n = moments.weight();
        double[] zMean = moments.zMean();
        LinearModel from = start.model();
        ResidualSums at = start.sums();
        double[][] rz = new double[k][d];
        double[] r = new double[k];
        double[] rr = new double[k];
        double[] delta = new double[d];
        double[] deltaZz = new double[d];
        boolean accurate = true;
        for (int label = 0; label < k; label++) {
            double deltaB = model.bias(label) - from.bias(label);
            double g = deltaB;
            double crossAnchor = deltaB * at.residual()[label];
            for (int j = 0; j < d; j++) {
                delta[j] = model.weight(label, j) - from.weight(label, j);
                g += delta[j] * zMean[j];
                crossAnchor += delta[j] * at.residualTimesFeature()[label][j];
            }
            double quadratic = zz.timesAndQuadratic(delta, deltaZz);
            for (int j = 0; j < d; j++) {
                rz[label][j] = at.residualTimesFeature()[label][j] + deltaZz[j] + n * g * zMean[j];
            }
            r[label] = at.residual()[label] + n * g;
            rr[label] = at.squaredResidual()[label] + 2 * crossAnchor + quadratic + n * g * g;
            double largest = Math.max(Math.max(at.squaredResidual()[label], start.roundingScale()[label]),
                    quadratic + n * g * g);
            accurate &= rr[label] > NEAR_EXACT * largest;
        }
        return new Derived(new ResidualSums(rz, r, rr, n), accurate);
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
        return new ResidualSums(rz, measured.residual(), measured.squaredResidual(), measured.weight());
    }

    @Override
    public LossGradient evaluate(LinearModel model) {
        ZzProduct zz = singularZz.isPresent()
                ? singularZz.get()::timesAndQuadratic
                : (v, product) -> timesAndQuadratic(moments.zz(), v, product);
        return derive(moments, new AnchorSums(anchor.model(), atAnchor), model, zz).sums().toLossGradient(intercept);
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

    /** The anchor pass, when no start gives the anchor's sums accurately; the moments are the caller's to count. */
    @Override
    public long dataPasses() {
        return anchor.measured() ? 1 : 0;
    }
}
