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

    /*
     * The Java LAPACK's routines (translated from Fortran) keep constants they compute on their first call in
     * static fields (dlartg's safe scaling bounds, for one); two threads making that first call at once can
     * leave them wrong, and then dsyev never returns. Tasks decompose concurrently (the loading pass fits an
     * anchor per task, per group when grouped), so the first calls are made here, once, under the JVM's class
     * initialization lock, before any thread can decompose.
     */
    static {
        double[][] warmUp = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                warmUp[i][j] = i == j ? 4.0 + i : 1.0 / (1 + i + j);
            }
        }
        decompose(warmUp, true);
        decompose(warmUp, false);
    }

    private SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /** Eigenvalues and eigenvectors. */
    public static SymmetricEigen of(double[][] matrix) {
        return decompose(matrix, true);
    }

    /**
     * Eigenvalues only, for {@link #largest}, {@link #value}, {@link #rank} and {@link #conditionNumber}:
     * several times faster than {@link #of} for a wide matrix (LAPACK skips the eigenvectors).
     */
    public static SymmetricEigen valuesOf(double[][] matrix) {
        return decompose(matrix, false);
    }

    private static SymmetricEigen decompose(double[][] matrix, boolean vectors) {
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
        LAPACK.getInstance().dsyev(vectors ? "V" : "N", "U", n, a, n, w, work, work.length, info);
        if (info.val != 0) {
            throw new ArithmeticException("dsyev failed with info " + info.val);
        }
        return new SymmetricEigen(n, w, vectors ? a : null);
    }

    /** The eigenvalue at {@code index} in ascending order. */
    public double value(int index) {
        return values[index];
    }

    /** The largest eigenvalue. */
    public double largest() {
        return values[n - 1];
    }

    /**
     * Whether eigenvalue {@code e} is more than rounding: above {@link #RELATIVE_CUTOFF} times the matrix
     * size times the largest eigenvalue. The one place that decides which directions count as collinear,
     * for the least-squares solve, the loss relative to it and the rank warning.
     */
    private boolean significant(int e) {
        return values[e] > Math.max(largest(), 0) * n * RELATIVE_CUTOFF;
    }

    /**
     * Eigenvalues at or below this share of the largest (times the matrix size) are taken for zero: float64
     * resolves a least-squares solve only to about 1e-16 times the condition number, so directions with a
     * condition number past about 1e13 carry rounding noise rather than information.
     */
    public static final double RELATIVE_CUTOFF = 1e-13;

    /** How many eigenvalues are significant (the numerical rank). */
    public int rank() {
        int rank = 0;
        for (int e = 0; e < n; e++) {
            rank += significant(e) ? 1 : 0;
        }
        return rank;
    }

    /** The largest over the smallest eigenvalue; infinite when the smallest is zero or below. */
    public double conditionNumber() {
        return values[0] > 0 ? largest() / values[0] : Double.POSITIVE_INFINITY;
    }

    /**
     * {@code X = B·M⁺}: the minimum-norm solution of {@code X·M = B} for each row of {@code b}, with
     * eigenvalues that are not significant treated as zero (collinear features).
     */
    public double[][] solveRows(double[][] b) {
        double[][] x = new double[b.length][n];
        for (int e = 0; e < n; e++) {
            if (!significant(e)) {
                continue;
            }
            for (int row = 0; row < b.length; row++) {
                double projection = dot(b[row], e) / values[e];
                for (int i = 0; i < n; i++) {
                    x[row][i] += projection * vectors[i + e * n];
                }
            }
        }
        return x;
    }

    /**
     * The diagonal of M⁻¹, Σ_e V_je²/λ_e; only for a matrix of full {@link #rank} (callers check), the
     * inverse of a singular matrix being undefined.
     */
    public double[] inverseDiagonal() {
        double[] diagonal = new double[n];
        for (int e = 0; e < n; e++) {
            for (int j = 0; j < n; j++) {
                double v = vectors[j + e * n];
                diagonal[j] += v * v / values[e];
            }
        }
        return diagonal;
    }

    /** {@code c·M⁻¹·cᵀ}, Σ_e (V_e·c)²/λ_e; only for a matrix of full {@link #rank}. */
    public double inverseQuadratic(double[] c) {
        double quadratic = 0;
        for (int e = 0; e < n; e++) {
            double along = dot(c, e);
            quadratic += along * along / values[e];
        }
        return quadratic;
    }

    /** {@code v} projected onto the span of the significant eigenvectors (the numerical range of M). */
    public double[] projectOntoRange(double[] v) {
        double[] p = new double[n];
        for (int e = 0; e < n; e++) {
            if (significant(e)) {
                double along = dot(v, e);
                for (int i = 0; i < n; i++) {
                    p[i] += along * vectors[i + e * n];
                }
            }
        }
        return p;
    }

    /**
     * {@code v·M} and {@code v·M·vᵀ} with M restricted to its significant eigenvalues: the quadratic form is
     * a sum of non-negative terms, never negative by rounding, and blind to the directions M does not see.
     *
     * @param product receives {@code v·M}
     * @return {@code v·M·vᵀ}
     */
    public double timesAndQuadratic(double[] v, double[] product) {
        java.util.Arrays.fill(product, 0);
        double quadratic = 0;
        for (int e = 0; e < n; e++) {
            if (significant(e)) {
                double along = dot(v, e);
                quadratic += values[e] * along * along;
                for (int i = 0; i < n; i++) {
                    product[i] += values[e] * along * vectors[i + e * n];
                }
            }
        }
        return quadratic;
    }

    private double dot(double[] v, int e) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[i] * vectors[i + e * n];
        }
        return sum;
    }
}
