package org.cropsgd.gradient;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.cropsgd.data.PartitionSums;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.model.Standardization;

/**
 * The centred second moments of the training table, in the units of the input (then z is x) or, after
 * {@link #inTrainingUnits}, in training units:
 * {@code Czz = Σ (z − z̄)(z − z̄)ᵀ}, {@code Czy = Σ (z − z̄)(y − ȳ)ᵀ}, {@code Cyy = Σ (y − ȳ)(y − ȳ)ᵀ}, with
 * the means z̄, ȳ and the count n. One Spark SQL pass over x − x̂ and y − ŷ (x̂, ŷ the means of an earlier
 * pass, as literals), summed per partition in partition order; the small remaining offset
 * δ = Σ(x − x̂)/n is corrected exactly. Centring first keeps the moments accurate for columns with a
 * large mean and a small spread, where raw Σxxᵀ would lose the spread to cancellation.
 */
public record CentredMoments(long rows, double[] zMean, double[][] zz, double[] yMean, double[][] zy,
        double[][] yy) {

    /** One pass over {@code table}, centred near the means of {@code statistics}; in the input's units. */
    public static CentredMoments compute(TrainingTable table, TableStatistics statistics) {
        int d = table.featureCount();
        int k = table.labelCount();
        int m = d + k;
        double[] shift = shift(statistics);
        double[] total = PartitionSums.sumInPartitionOrder(plan(table, shift));
        long n = (long) total[total.length - 1];
        double[] offset = new double[m];
        double[] mean = new double[m];
        for (int i = 0; i < m; i++) {
            offset[i] = total[i] / n;
            mean[i] = shift[i] + offset[i];
        }
        // Σ (v − v̄)(w − w̄) = Σ (v − v̂)(w − ŵ) − n·δv·δw, v̂ the shift and δ its offset from the true mean.
        double[][] c = new double[m][m];
        int at = m;
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                c[i][j] = total[at++] - n * offset[i] * offset[j];
                c[j][i] = c[i][j];
            }
        }
        zeroConstantFeatures(total, m, c, d);
        return split(n, mean, c, d, k);
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
    private static void zeroConstantFeatures(double[] total, int m, double[][] c, int d) {
        int at = m;
        for (int i = 0; i < m; i++) {
            if (i < d && c[i][i] <= CONSTANT_RELATIVE * total[at]) {
                for (int j = 0; j < m; j++) {
                    c[i][j] = 0;
                    c[j][i] = 0;
                }
            }
            at += m - i;
        }
    }

    /** The aggregate query of {@link #compute}, for plan checks. */
    public static PartitionSums.Query plan(TrainingTable table, TableStatistics statistics) {
        return plan(table, shift(statistics));
    }

    /** The means of an earlier pass, features then labels: what the pass centres the columns at. */
    private static double[] shift(TableStatistics statistics) {
        int d = statistics.featureMean().length;
        int k = statistics.labelMean().length;
        double[] shift = new double[d + k];
        System.arraycopy(statistics.featureMean(), 0, shift, 0, d);
        System.arraycopy(statistics.labelMean(), 0, shift, d, k);
        return shift;
    }

    private static PartitionSums.Query plan(TrainingTable table, double[] shift) {
        int d = table.featureCount();
        int m = shift.length;
        List<Column> centred = new ArrayList<>();
        centred.add(PartitionSums.partitionId());
        for (int i = 0; i < m; i++) {
            Column value = i < d ? table.feature(i) : table.label(i - d);
            centred.add(value.minus(lit(shift[i])).as("c" + i));
        }
        List<Column> sums = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            sums.add(sum(col("c" + i)));
        }
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                sums.add(sum(col("c" + i).multiply(col("c" + j))));
            }
        }
        sums.add(count(lit(1)));
        return new PartitionSums.Query(table.frame().select(centred.toArray(Column[]::new)),
                sums.toArray(Column[]::new));
    }

    private static CentredMoments split(long n, double[] mean, double[][] c, int d, int k) {
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
        return new CentredMoments(n, xMean, xx, yMean, xy, yy);
    }

    /** Population standard deviation of each feature, √(Cxx_jj / n); exactly 0 for a constant feature. */
    public double[] featureStddev() {
        double[] stddev = new double[zMean.length];
        for (int j = 0; j < stddev.length; j++) {
            stddev[j] = Math.sqrt(Math.max(zz[j][j], 0) / rows);
        }
        return stddev;
    }

    /** In training units z = (x − μ)/σ: z̄ = (x̄ − μ)/σ, Czz = Cxx/(σσᵀ), Czy = Cxy/σ. */
    public CentredMoments inTrainingUnits(Standardization standardization) {
        int d = zMean.length;
        int k = yMean.length;
        long n = rows;
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
        return new CentredMoments(n, zMean, zz, yMean, zy, yy);
    }

    public int featureCount() {
        return zMean.length;
    }

    /**
     * The Hessian of the loss in (W_k, b_k) for any one label, {@code 2/(n·k)·[Z 1]ᵀ[Z 1]} (without the
     * intercept row and column when there is none); the same for every label.
     */
    public double[][] hessian(int labels, boolean intercept) {
        int d = featureCount();
        int size = intercept ? d + 1 : d;
        double scale = 2.0 / ((double) rows * labels);
        double[][] h = new double[size][size];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                h[i][j] = scale * (zz[i][j] + rows * zMean[i] * zMean[j]);
            }
            if (intercept) {
                h[i][d] = scale * rows * zMean[i];
                h[d][i] = h[i][d];
            }
        }
        if (intercept) {
            h[d][d] = scale * rows;
        }
        return h;
    }

    /**
     * The matrix of the normal equations for the weights: Czz with an intercept (which absorbs the means),
     * the raw Σzzᵀ = Czz + n·z̄z̄ᵀ without one.
     */
    public double[][] normalMatrix(boolean intercept) {
        int d = featureCount();
        double[][] lhs = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                lhs[i][j] = zz[i][j] + (intercept ? 0 : rows * zMean[i] * zMean[j]);
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
        return d == 0 ? 0 : d - SymmetricEigen.of(lhs).rank();
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
        return SymmetricEigen.of(hessian(labels, intercept)).largest();
    }
}
