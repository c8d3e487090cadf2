package org.cropsgd.gradient;

/**
 * The training loss at one model and its gradient, under the one convention of the project:
 * {@code L = Σ R² / (n·k)}, {@code ∂L/∂W = 2·Rᵀ·X / (n·k)}, {@code ∂L/∂b = 2·Σ_rows R / (n·k)}.
 *
 * @param loss            mean squared error over all n·k residuals (no ½)
 * @param weightGradient  k × d
 * @param biasGradient    k; all zero when the model has no intercept, so no step ever moves it
 * @param rows            n
 */
public record LossGradient(double loss, double[][] weightGradient, double[] biasGradient, long rows) {

    /**
     * From the sums over all rows of r·x, r and r² (r = prediction − label, x the training features).
     *
     * @param intercept whether the model has intercepts; without, their gradient is zero
     */
    public static LossGradient fromResidualSums(double[][] sumResidualTimesFeature, double[] sumResidual,
            double[] sumSquaredResidual, long rows, boolean intercept) {
        int k = sumResidual.length;
        double nk = (double) rows * k;
        double squares = 0;
        for (double s : sumSquaredResidual) {
            squares += s;
        }
        double[][] gw = new double[k][];
        double[] gb = new double[k];
        for (int label = 0; label < k; label++) {
            gw[label] = new double[sumResidualTimesFeature[label].length];
            for (int j = 0; j < gw[label].length; j++) {
                gw[label][j] = 2.0 * sumResidualTimesFeature[label][j] / nk;
            }
            gb[label] = intercept ? 2.0 * sumResidual[label] / nk : 0.0;
        }
        return new LossGradient(squares / nk, gw, gb, rows);
    }
}
