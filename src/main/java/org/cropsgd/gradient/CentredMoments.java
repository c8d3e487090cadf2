package org.cropsgd.gradient;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.model.Standardization;

/**
 * The centred second moments of the training table in training units:
 * {@code Czz = Σ (z − z̄)(z − z̄)ᵀ}, {@code Czy = Σ (z − z̄)(y − ȳ)ᵀ}, {@code Cyy = Σ (y − ȳ)(y − ȳ)ᵀ}, with
 * the means z̄, ȳ and the count n. One Spark SQL pass over x − x̂ and y − ŷ (x̂, ŷ the means of an earlier
 * pass, as literals), summed per partition in partition order; the small remaining offset
 * δ = Σ(x − x̂)/n is corrected exactly. Centring first keeps the moments accurate for columns with a
 * large mean and a small spread, where raw Σxxᵀ would lose the spread to cancellation.
 */
public record CentredMoments(long rows, double[] zMean, double[][] zz, double[] yMean, double[][] zy,
        double[][] yy) {

    public static CentredMoments compute(TrainingTable table, TableStatistics statistics,
            Standardization standardization) {
        int d = table.featureCount();
        int k = table.labelCount();
        int m = d + k;
        double[] shift = new double[m];
        System.arraycopy(statistics.featureMean(), 0, shift, 0, d);
        System.arraycopy(statistics.labelMean(), 0, shift, d, k);

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
        double[] total = PartitionSums.sumInPartitionOrder(
                table.frame().select(centred.toArray(Column[]::new)), sums.toArray(Column[]::new));

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
        return inTrainingUnits(n, mean, c, d, k, standardization);
    }

    /** z = (x − μ)/σ: z̄ = (x̄ − μ)/σ, Czz = Cxx/(σσᵀ), Czy = Cxy/σ. */
    private static CentredMoments inTrainingUnits(long n, double[] mean, double[][] c, int d, int k,
            Standardization standardization) {
        double[] mu = standardization.mean();
        double[] sigma = standardization.scale();
        double[] zMean = new double[d];
        double[][] zz = new double[d][d];
        double[][] zy = new double[d][k];
        double[] yMean = new double[k];
        double[][] yy = new double[k][k];
        for (int i = 0; i < d; i++) {
            zMean[i] = (mean[i] - mu[i]) / sigma[i];
            for (int j = 0; j < d; j++) {
                zz[i][j] = c[i][j] / (sigma[i] * sigma[j]);
            }
            for (int l = 0; l < k; l++) {
                zy[i][l] = c[i][d + l] / sigma[i];
            }
        }
        for (int l = 0; l < k; l++) {
            yMean[l] = mean[d + l];
            for (int q = 0; q < k; q++) {
                yy[l][q] = c[d + l][d + q];
            }
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

    /** λ, the largest eigenvalue of {@link #hessian}: 1/λ is a safe step for SGD, 2/λ the largest stable. */
    public double largestHessianEigenvalue(int labels, boolean intercept) {
        return SymmetricEigen.of(hessian(labels, intercept)).largest();
    }
}
