package org.cropsgd.gradient;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * Eigen-decomposition of a small symmetric matrix by LAPACK's {@code dsyev} (the netlib LAPACK that Spark
 * ML itself uses), for the largest Hessian eigenvalue and for least-squares solves that tolerate collinear
 * features.
 */
public final class SymmetricEigen {
    private final int n;
    private final double[] values;
    private final double[] vectors;

    private SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    public static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i + j * n] = matrix[i][j];
            }
        }
        double[] w = new double[n];
        double[] work = new double[Math.max(1, 3 * n - 1) + 64 * n];
        intW info = new intW(0);
        LAPACK.getInstance().dsyev("V", "U", n, a, n, w, work, work.length, info);
        if (info.val != 0) {
            throw new ArithmeticException("dsyev failed with info " + info.val);
        }
        return new SymmetricEigen(n, w, a);
    }

    /** The largest eigenvalue. */
    public double largest() {
        return values[n - 1];
    }

    /**
     * {@code X = B·M⁺}: the minimum-norm solution of {@code X·M = B} for each row of {@code b}, with
     * eigenvalues below a relative cutoff treated as zero (collinear features).
     */
    public double[][] solveRows(double[][] b) {
        double cutoff = Math.max(largest(), 0) * n * 1e-13;
        double[][] x = new double[b.length][n];
        for (int e = 0; e < n; e++) {
            if (values[e] <= cutoff) {
                continue;
            }
            for (int row = 0; row < b.length; row++) {
                double projection = 0;
                for (int i = 0; i < n; i++) {
                    projection += b[row][i] * vectors[i + e * n];
                }
                projection /= values[e];
                for (int i = 0; i < n; i++) {
                    x[row][i] += projection * vectors[i + e * n];
                }
            }
        }
        return x;
    }
}
