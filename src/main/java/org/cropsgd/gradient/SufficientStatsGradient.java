package org.cropsgd.gradient;

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
 * The anchor is the least-squares solution, and its residual sums come from one data pass with the
 * anchor's weights as literals. Near the optimum the loss is then Σ r_A² (measured on the data) plus
 * non-negative terms, so it stays accurate as it approaches zero instead of being the difference of large
 * raw moments. Cost: the moments pass and the anchor pass, then O(k·d²) driver work per epoch.
 */
public final class SufficientStatsGradient implements GradientSource {
    private final CentredMoments moments;
    private final boolean intercept;
    private final LinearModel anchor;
    private final ResidualSums atAnchor;

    /**
     * @param moments  the centred moments in training units
     * @param passes   computes residual sums by a pass over the table (the per-epoch SQL pass)
     */
    public SufficientStatsGradient(CentredMoments moments, PerEpochGradient passes, boolean intercept) {
        this.moments = moments;
        this.intercept = intercept;
        this.anchor = leastSquares(moments, intercept);
        this.atAnchor = passes.residualSums(anchor);
    }

    @Override
    public LossGradient evaluate(LinearModel model) {
        int k = model.labelCount();
        int d = model.featureCount();
        long n = moments.rows();
        double[] zMean = moments.zMean();
        double[][] zz = moments.zz();
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
            double quadratic = 0;
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    sum += delta[i] * zz[i][j];
                }
                deltaZz[j] = sum;
                quadratic += sum * delta[j];
            }
            for (int j = 0; j < d; j++) {
                rz[label][j] = atAnchor.residualTimesFeature()[label][j] + deltaZz[j] + n * g * zMean[j];
            }
            r[label] = atAnchor.residual()[label] + n * g;
            rr[label] = atAnchor.squaredResidual()[label] + 2 * crossAnchor + quadratic + n * g * g;
        }
        return new ResidualSums(rz, r, rr, n).toLossGradient(intercept);
    }

    /** The moments pass and the anchor pass. */
    @Override
    public long dataPasses() {
        return 2;
    }

    /**
     * The least-squares model in training units (minimum-norm if features are collinear). Only its
     * closeness to the optimum matters, for accuracy; the formulas above are exact for any anchor.
     */
    static LinearModel leastSquares(CentredMoments moments, boolean intercept) {
        int d = moments.featureCount();
        long n = moments.rows();
        double[] zMean = moments.zMean();
        double[] yMean = moments.yMean();
        int k = yMean.length;
        double[][] lhs = new double[d][d];
        double[][] rhs = new double[k][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // Without an intercept the normal equations use raw moments: Σzzᵀ = Czz + n·z̄z̄ᵀ.
                lhs[i][j] = moments.zz()[i][j] + (intercept ? 0 : n * zMean[i] * zMean[j]);
            }
            for (int label = 0; label < k; label++) {
                rhs[label][i] = moments.zy()[i][label] + (intercept ? 0 : n * zMean[i] * yMean[label]);
            }
        }
        double[][] w = SymmetricEigen.of(lhs).solveRows(rhs);
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
