package org.cropsgd.gradient;

import java.util.Optional;
import org.cropsgd.model.LinearModel;

/**
 * The least-squares solution of a table's moments (in training units; minimum-norm when features are
 * collinear) and its residual sums over the rows: derived from the moments when that keeps their digits,
 * otherwise measured by one pass (see {@link SufficientStatsGradient}, whose anchor it is). The coefficient
 * statistics describe it too.
 */
public final class LeastSquaresFit {
    private final CentredMoments moments;
    private final boolean intercept;
    private final SymmetricEigen normal;
    private final LinearModel model;
    private final ResidualSums sums;
    private final boolean measured;

    private LeastSquaresFit(CentredMoments moments, boolean intercept, SymmetricEigen normal, LinearModel model,
            ResidualSums sums, boolean measured) {
        this.moments = moments;
        this.intercept = intercept;
        this.normal = normal;
        this.model = model;
        this.sums = sums;
        this.measured = measured;
    }

    /**
     * The fit of {@code moments} (training units), its sums measured by {@code passes} when the moments do not
     * give them accurately.
     */
    public static LeastSquaresFit of(CentredMoments moments, boolean intercept, PerEpochGradient passes) {
        SymmetricEigen normal = SymmetricEigen.of(moments.normalMatrix(intercept));
        LinearModel model = solve(moments, intercept, normal);
        Optional<ResidualSums> derived = SufficientStatsGradient.accurateSums(moments, model, intercept);
        return new LeastSquaresFit(moments, intercept, normal, model,
                derived.orElseGet(() -> passes.residualSums(model)), derived.isEmpty());
    }

    /** Whether the fit of {@code moments} (training units) measures its sums by a pass. */
    public static boolean needsPass(CentredMoments moments, boolean intercept) {
        return SufficientStatsGradient.accurateSums(moments, solve(moments, intercept), intercept).isEmpty();
    }

    /** The least-squares model of {@code moments} alone (in their units), without its sums. */
    public static LinearModel solve(CentredMoments moments, boolean intercept) {
        return solve(moments, intercept, SymmetricEigen.of(moments.normalMatrix(intercept)));
    }

    private static LinearModel solve(CentredMoments moments, boolean intercept, SymmetricEigen normal) {
        int d = moments.featureCount();
        double n = moments.weight();
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

    public CentredMoments moments() {
        return moments;
    }

    public boolean intercept() {
        return intercept;
    }

    /** The eigen-decomposition of the normal matrix (Czz with an intercept, Σzzᵀ without). */
    public SymmetricEigen normal() {
        return normal;
    }

    /** The model, in training units. */
    public LinearModel model() {
        return model;
    }

    /** Its residual sums over the rows the moments are of. */
    public ResidualSums sums() {
        return sums;
    }

    /** Whether its sums took a pass over the rows (the anchor pass). */
    public boolean measured() {
        return measured;
    }
}
