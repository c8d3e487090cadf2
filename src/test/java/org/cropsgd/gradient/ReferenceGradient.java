package org.cropsgd.gradient;

/**
 * The loss and gradient of DESIGN.md in plain float64 loops, with no Spark: the yardstick the SQL
 * gradient is tested against. {@code L = Σ R²/(n·k)}, {@code ∂L/∂W = 2·Rᵀ·X/(n·k)},
 * {@code ∂L/∂b = 2·Σ_rows R/(n·k)}, R = X·Wᵀ + b − Y.
 */
public final class ReferenceGradient {
    private ReferenceGradient() {}

    public static LossGradient of(double[][] x, double[][] y, double[][] w, double[] b) {
        int n = x.length;
        int k = w.length;
        int d = w[0].length;
        double nk = (double) n * k;
        double loss = 0;
        double[][] gw = new double[k][d];
        double[] gb = new double[k];
        for (int i = 0; i < n; i++) {
            for (int label = 0; label < k; label++) {
                double r = b[label] - y[i][label];
                for (int j = 0; j < d; j++) {
                    r += w[label][j] * x[i][j];
                }
                loss += r * r;
                gb[label] += 2 * r / nk;
                for (int j = 0; j < d; j++) {
                    gw[label][j] += 2 * r * x[i][j] / nk;
                }
            }
        }
        return new LossGradient(loss / nk, gw, gb, n);
    }
}
