package org.cropsgd.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The convention L = Σ R² / (n·k), ∂L/∂W = 2·Rᵀ·X / (n·k), ∂L/∂b = 2·Σ_rows R / (n·k), on n = 2 rows,
 * d = 2 features, k = 2 labels.
 */
class LossGradientTest {
    private static final double[][] X = {{1.0, 2.0}, {3.0, -1.0}};   // n × d
    private static final double[][] Y = {{1.0, 0.0}, {2.0, 5.0}};    // n × k
    private static final double[][] W = {{0.5, 1.0}, {-1.0, 2.0}};   // k × d
    private static final double[] B = {1.0, 0.0};                    // k

    // Worked by hand, R = X·Wᵀ + b − Y:
    //   row 0: prediction (0.5·1 + 1·2 + 1, −1·1 + 2·2 + 0)      = (3.5, 3)  → r = (2.5, 3)
    //   row 1: prediction (0.5·3 + 1·(−1) + 1, −1·3 + 2·(−1) + 0) = (1.5, −5) → r = (−0.5, −10)
    //   Σ r     = (2.5 − 0.5, 3 − 10)                         = (2, −7)
    //   Σ r²    = (6.25 + 0.25, 9 + 100)                      = (6.5, 109)
    //   Σ r·x   = label 0: (2.5·1 − 0.5·3, 2.5·2 − 0.5·(−1))   = (1, 5.5)
    //             label 1: (3·1 − 10·3, 3·2 − 10·(−1))         = (−27, 16)
    //   n·k = 4, so L = (6.5 + 109) / 4 = 28.875, ∂L/∂W = Σ r·x / 2, ∂L/∂b = Σ r / 2.
    // All numbers are dyadic, so the results are exact.
    private static final double[] SUM_R = {2.0, -7.0};
    private static final double[] SUM_R2 = {6.5, 109.0};
    private static final double[][] SUM_RX = {{1.0, 5.5}, {-27.0, 16.0}};

    @Test
    void residualSumsOfTheExampleMatchTheHandWorkedOnes() {
        Sums sums = Sums.of(X, Y, W, B);
        assertArrayEquals(SUM_R, sums.r);
        assertArrayEquals(SUM_R2, sums.r2);
        assertArrayEquals(SUM_RX[0], sums.rx[0]);
        assertArrayEquals(SUM_RX[1], sums.rx[1]);
    }

    @Test
    void lossAndGradientsFollowTheConvention() {
        Sums sums = Sums.of(X, Y, W, B);
        LossGradient g = new ResidualSums(sums.rx, sums.r, sums.r2, 2).toLossGradient(true);

        assertEquals(28.875, g.loss());
        assertArrayEquals(new double[] {0.5, 2.75}, g.weightGradient()[0]);
        assertArrayEquals(new double[] {-13.5, 8.0}, g.weightGradient()[1]);
        assertArrayEquals(new double[] {1.0, -3.5}, g.biasGradient());
        assertEquals(2, g.weight());
    }

    @Test
    void gradientsAgreeWithFiniteDifferencesOfTheLoss() {
        // Independent of the closed form: L is quadratic, so a central difference is exact up to rounding.
        Sums sums = Sums.of(X, Y, W, B);
        LossGradient g = new ResidualSums(sums.rx, sums.r, sums.r2, 2).toLossGradient(true);
        double h = 1e-4;
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                double[][] plus = copy(W);
                double[][] minus = copy(W);
                plus[k][j] += h;
                minus[k][j] -= h;
                double numeric = (loss(plus, B) - loss(minus, B)) / (2 * h);
                assertEquals(numeric, g.weightGradient()[k][j], 1e-6, "dL/dW[" + k + "][" + j + "]");
            }
            double[] plus = B.clone();
            double[] minus = B.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (loss(W, plus) - loss(W, minus)) / (2 * h);
            assertEquals(numeric, g.biasGradient()[k], 1e-6, "dL/db[" + k + "]");
        }
    }

    @Test
    void withoutInterceptTheBiasGradientIsZeroAndTheRestUnchanged() {
        Sums sums = Sums.of(X, Y, W, B);
        LossGradient g = new ResidualSums(sums.rx, sums.r, sums.r2, 2).toLossGradient(false);

        assertArrayEquals(new double[] {0.0, 0.0}, g.biasGradient());
        assertEquals(28.875, g.loss());
        assertArrayEquals(new double[] {0.5, 2.75}, g.weightGradient()[0]);
        assertArrayEquals(new double[] {-13.5, 8.0}, g.weightGradient()[1]);
    }

    /** L = Σ R² / (n·k) computed directly from the rows. */
    private static double loss(double[][] w, double[] b) {
        Sums sums = Sums.of(X, Y, w, b);
        return (sums.r2[0] + sums.r2[1]) / (X.length * Y[0].length);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** Σ r·x, Σ r and Σ r² per label, by explicit loops over the rows (r = W·x + b − y). */
    private record Sums(double[][] rx, double[] r, double[] r2) {
        static Sums of(double[][] x, double[][] y, double[][] w, double[] b) {
            int k = w.length;
            int d = x[0].length;
            double[][] rx = new double[k][d];
            double[] r = new double[k];
            double[] r2 = new double[k];
            for (int row = 0; row < x.length; row++) {
                for (int label = 0; label < k; label++) {
                    double prediction = b[label];
                    for (int j = 0; j < d; j++) {
                        prediction += w[label][j] * x[row][j];
                    }
                    double residual = prediction - y[row][label];
                    r[label] += residual;
                    r2[label] += residual * residual;
                    for (int j = 0; j < d; j++) {
                        rx[label][j] += residual * x[row][j];
                    }
                }
            }
            return new Sums(rx, r, r2);
        }
    }
}
