package org.cropsgd.gradient;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.model.Standardization;
import org.cropsgd.moments.ResidualAnchor;
import org.cropsgd.moments.RowSums;
import org.cropsgd.moments.ShiftedMoments;
import org.cropsgd.moments.SumsEngines;

/**
 * The centred second moments of the training table, in the units of the input (then z is x) or, after
 * {@link #inTrainingUnits}, in training units:
 * {@code Czz = Σ (z − z̄)(z − z̄)ᵀ}, {@code Czy = Σ (z − z̄)(y − ȳ)ᵀ}, {@code Cyy = Σ (y − ȳ)(y − ȳ)ᵀ}, with
 * the means z̄, ȳ, the count of rows and their total weight W (the count, unweighted): with sample weights
 * every sum and mean is weighted, and W takes n's place in every formula below. From sums about a shift x̂, ŷ known before the pass ({@link ShiftedMoments}:
 * the first row), in the same pass as the loading checks when they cover the training rows exactly; the
 * remaining offset δ = Σ(x − x̂)/n is corrected exactly. Centring first keeps the moments accurate for
 * columns with a large mean and a small spread, where raw Σxxᵀ would lose the spread to cancellation.
 *
 * @param anchor  a model near the least-squares fit and its residual sums, when the loading pass measured
 *                them (the residuals of its anchor as k more moment columns, see {@link #of(ShiftedMoments,
 *                int, Optional)}); in the same units as the moments
 */
public record CentredMoments(long rows, double weight, double[] zMean, double[][] zz, double[] yMean, double[][] zy,
        double[][] yy, Optional<AnchorSums> anchor) {

    /**
     * The moments of {@code table}'s rows: the ones its loading pass computed when they are exactly its rows,
     * otherwise from one pass over them.
     */
    public static CentredMoments compute(TrainingTable table) {
        ShiftedMoments shifted = table.moments().orElseGet(() -> ShiftedMoments.compute(table.frame(),
                columns(table), table.weightColumn(), SumsEngines.of(table.frame().sparkSession())));
        return of(shifted, table.featureCount(), table.moments().flatMap(moments -> table.anchor()));
    }

    /** The sums a pass over {@code table} adds up, for plan checks. */
    public static RowSums plan(TrainingTable table) {
        return ShiftedMoments.sums(table.frame(), columns(table), table.weightColumn());
    }

    /** The features, then the labels. */
    private static Column[] columns(TrainingTable table) {
        int d = table.featureCount();
        Column[] columns = new Column[d + table.labelCount()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = i < d ? table.feature(i) : table.label(i - d);
        }
        return columns;
    }

    /** The centred moments from sums about a shift: features are the first {@code d} columns, then labels. */
    public static CentredMoments of(ShiftedMoments shifted, int d) {
        return of(shifted, d, Optional.empty());
    }

    /**
     * The centred moments from sums about a shift: the first {@code d} columns are the features, then the k
     * labels, then, with an {@code anchor} (k × d), k more columns, its residuals r = W·x + b − y.
     * From those the anchor's sums: Σ r xᵀ = Crx + n·r̄·x̄ᵀ, Σ r = n·r̄, Σ r² = Crr + n·r̄², each summed
     * from small residuals rather than derived from the large moments of x and y.
     */
    public static CentredMoments of(ShiftedMoments shifted, int d, Optional<ResidualAnchor> anchor) {
        int m = shifted.size();
        int k = anchor.isPresent() ? (m - d) / 2 : m - d;
        double n = shifted.weight();
        double[] shift = shifted.shift();
        double[] offset = new double[m];
        double[] mean = new double[m];
        for (int i = 0; i < m; i++) {
            offset[i] = shifted.sum()[i] / n;
            mean[i] = shift[i] + offset[i];
        }
        // Σ (v − v̄)(w − w̄) = Σ (v − v̂)(w − ŵ) − n·δv·δw, v̂ the shift and δ its offset from the true mean.
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                c[i][j] = shifted.products()[RowSums.packedIndex(i, j, m)] - n * offset[i] * offset[j];
                c[j][i] = c[i][j];
            }
        }
        zeroConstantFeatures(shifted, c, d);
        Optional<AnchorSums> sums = anchor.map(measured -> anchorSums(measured, n, mean, c, d, k));
        return split(shifted.rows(), n, mean, c, d, k, sums);
    }

    private static AnchorSums anchorSums(ResidualAnchor anchor, double n, double[] mean, double[][] c, int d, int k) {
        double[][] rx = new double[k][d];
        double[] r = new double[k];
        double[] rr = new double[k];
        for (int label = 0; label < k; label++) {
            int at = d + k + label;
            for (int j = 0; j < d; j++) {
                rx[label][j] = c[at][j] + n * mean[at] * mean[j];
            }
            r[label] = n * mean[at];
            rr[label] = c[at][at] + n * mean[at] * mean[at];
        }
        return new AnchorSums(anchor.model(), new ResidualSums(rx, r, rr, n), anchor.roundingScale());
    }

    /**
     * A centred sum of squares at or below this share of the column's sum of squares about the shift is
     * rounding: the column is constant, and only the rounding of its mean made the two sums differ.
     */
    static final double CONSTANT_RELATIVE = 1e-9;

    /**
     * Sets the row and column of every constant feature to exactly zero, so that its standard deviation is
     * 0 (it is recognised as constant, not scaled up from rounding noise) and it lies exactly in the null
     * space of Czz. Constant: Σ (x − x̄)² ≤ {@link #CONSTANT_RELATIVE}·Σ (x − x̂)², the second sum taken
     * about the shift x̂ before the exact correction: for a constant column both are rounding of the same
     * n·(x − x̂)², for any other column the first is the spread and the second the spread plus n·(x̄ − x̂)².
     */
    private static void zeroConstantFeatures(ShiftedMoments shifted, double[][] c, int d) {
        int m = shifted.size();
        for (int i = 0; i < d; i++) {
            if (c[i][i] <= CONSTANT_RELATIVE * shifted.products()[RowSums.packedIndex(i, i, m)]) {
                for (int j = 0; j < m; j++) {
                    c[i][j] = 0;
                    c[j][i] = 0;
                }
            }
        }
    }

    private static CentredMoments split(long rows, double n, double[] mean, double[][] c, int d, int k,
            Optional<AnchorSums> anchor) {
        double[] xMean = new double[d];
        double[][] xx = new double[d][d];
        double[][] xy = new double[d][k];
        double[] yMean = new double[k];
        double[][] yy = new double[k][k];
        for (int i = 0; i < d; i++) {
            xMean[i] = mean[i];
            for (int j = 0; j < d; j++) {
                xx[i][j] = c[i][j];
            }
            for (int l = 0; l < k; l++) {
                xy[i][l] = c[i][d + l];
            }
        }
        for (int l = 0; l < k; l++) {
            yMean[l] = mean[d + l];
            for (int q = 0; q < k; q++) {
                yy[l][q] = c[d + l][d + q];
            }
        }
        return new CentredMoments(rows, n, xMean, xx, yMean, xy, yy, anchor);
    }

    /**
     * Population standard deviation of each feature, √(Cxx_jj / W) (weighted: that of the table with each row
     * repeated w times); exactly 0 for a constant feature.
     */
    public double[] featureStddev() {
        double[] stddev = new double[zMean.length];
        for (int j = 0; j < stddev.length; j++) {
            stddev[j] = Math.sqrt(Math.max(zz[j][j], 0) / weight);
        }
        return stddev;
    }

    /**
     * In training units z = (x − μ)/σ: z̄ = (x̄ − μ)/σ, Czz = Cxx/(σσᵀ), Czy = Cxy/σ; the anchor's model
     * in training units and its Σ r zᵀ = (Σ r xᵀ − μ·Σ r)/σ (its residuals are the same).
     */
    public CentredMoments inTrainingUnits(Standardization standardization) {
        int d = zMean.length;
        int k = yMean.length;
        double[] mu = standardization.mean();
        double[] sigma = standardization.scale();
        double[] zMean = new double[d];
        double[][] zz = new double[d][d];
        double[][] zy = new double[d][k];
        double[] yMean = new double[k];
        double[][] yy = new double[k][k];
        for (int i = 0; i < d; i++) {
            zMean[i] = (this.zMean[i] - mu[i]) / sigma[i];
            for (int j = 0; j < d; j++) {
                zz[i][j] = this.zz[i][j] / (sigma[i] * sigma[j]);
            }
            for (int l = 0; l < k; l++) {
                zy[i][l] = this.zy[i][l] / sigma[i];
            }
        }
        for (int l = 0; l < k; l++) {
            yMean[l] = this.yMean[l];
            yy[l] = this.yy[l].clone();
        }
        return new CentredMoments(rows, weight, zMean, zz, yMean, zy, yy,
                anchor.map(sums -> anchorInTrainingUnits(sums, standardization)));
    }

    private static AnchorSums anchorInTrainingUnits(AnchorSums inInputUnits, Standardization standardization) {
        double[] mu = standardization.mean();
        double[] sigma = standardization.scale();
        ResidualSums sums = inInputUnits.sums();
        double[][] rz = new double[sums.residual().length][mu.length];
        for (int label = 0; label < rz.length; label++) {
            for (int j = 0; j < mu.length; j++) {
                rz[label][j] = (sums.residualTimesFeature()[label][j] - mu[j] * sums.residual()[label]) / sigma[j];
            }
        }
        return new AnchorSums(standardization.toStandardizedUnits(inInputUnits.model()),
                new ResidualSums(rz, sums.residual(), sums.squaredResidual(), sums.weight()),
                inInputUnits.roundingScale());
    }

    public int featureCount() {
        return zMean.length;
    }

    /**
     * The Hessian of the loss in (W_k, b_k) for any one label, {@code 2/(W·k)·[Z 1]ᵀ·diag(w)·[Z 1]} (without the
     * intercept row and column when there is none); the same for every label.
     */
    public double[][] hessian(int labels, boolean intercept) {
        int d = featureCount();
        int size = intercept ? d + 1 : d;
        double scale = 2.0 / (weight * labels);
        double[][] h = new double[size][size];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                h[i][j] = scale * (zz[i][j] + weight * zMean[i] * zMean[j]);
            }
            if (intercept) {
                h[i][d] = scale * weight * zMean[i];
                h[d][i] = h[i][d];
            }
        }
        if (intercept) {
            h[d][d] = scale * weight;
        }
        return h;
    }

    /**
     * The matrix of the normal equations for the weights: Czz with an intercept (which absorbs the means),
     * the raw Σzzᵀ = Czz + W·z̄z̄ᵀ without one.
     */
    public double[][] normalMatrix(boolean intercept) {
        int d = featureCount();
        double[][] lhs = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                lhs[i][j] = zz[i][j] + (intercept ? 0 : weight * zMean[i] * zMean[j]);
            }
        }
        return lhs;
    }

    /**
     * How many weights per label the data leaves undetermined: the nullity of the normal matrix once each
     * feature is scaled to unit diagonal (a correlation matrix), so that the answer depends on collinearity
     * only, not on the features' units. A feature with a zero diagonal (constant, with an intercept) counts
     * as one undetermined direction by itself; the rest go by {@link SymmetricEigen}'s relative cutoff.
     */
    public int undeterminedWeights(boolean intercept) {
        double[][] lhs = normalMatrix(intercept);
        int d = lhs.length;
        double[] scale = new double[d];
        for (int i = 0; i < d; i++) {
            scale[i] = lhs[i][i] > 0 ? 1 / Math.sqrt(lhs[i][i]) : 0;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                lhs[i][j] *= scale[i] * scale[j];
            }
        }
        return d == 0 ? 0 : d - SymmetricEigen.valuesOf(lhs).rank();
    }

    /** Which features are constant (their centred sum of squares is exactly 0, see {@link #compute}). */
    public boolean[] constantFeatures() {
        boolean[] constant = new boolean[featureCount()];
        for (int j = 0; j < constant.length; j++) {
            constant[j] = zz[j][j] == 0;
        }
        return constant;
    }

    /** λ, the largest eigenvalue of {@link #hessian}: 1/λ is a safe step for SGD, 2/λ the largest stable. */
    public double largestHessianEigenvalue(int labels, boolean intercept) {
        return SymmetricEigen.valuesOf(hessian(labels, intercept)).largest();
    }
}
