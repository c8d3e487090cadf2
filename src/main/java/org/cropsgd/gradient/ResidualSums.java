package org.cropsgd.gradient;

/**
 * The sums over the training rows that determine loss and gradient at one model: Σ r·zᵀ (k × d), Σ r and
 * Σ r² per label, and the rows' total weight W, where r = W·z + b − y is the residual and z the training
 * features. With sample weights every sum is weighted (Σ w·r·zᵀ, Σ w·r, Σ w·r²) and W = Σ w; without, W is
 * the row count.
 */
public record ResidualSums(double[][] residualTimesFeature, double[] residual, double[] squaredResidual,
        double weight) {

    /**
     * The sums in the order the per-epoch passes aggregate them: for each label Σ r·z_j for every j, Σ r, Σ r²;
     * then W.
     */
    static ResidualSums unpack(double[] sums, int d, int k) {
        double[][] residualTimesFeature = new double[k][d];
        double[] residual = new double[k];
        double[] squaredResidual = new double[k];
        int i = 0;
        for (int label = 0; label < k; label++) {
            for (int j = 0; j < d; j++) {
                residualTimesFeature[label][j] = sums[i++];
            }
            residual[label] = sums[i++];
            squaredResidual[label] = sums[i++];
        }
        return new ResidualSums(residualTimesFeature, residual, squaredResidual, sums[i]);
    }

    /** Loss and gradient under the project's convention; the intercept gradient is zero without one. */
    public LossGradient toLossGradient(boolean intercept) {
        int k = residual.length;
        double nk = weight * k;
        double squares = 0;
        for (double s : squaredResidual) {
            squares += s;
        }
        double[][] gw = new double[k][];
        double[] gb = new double[k];
        for (int label = 0; label < k; label++) {
            gw[label] = new double[residualTimesFeature[label].length];
            for (int j = 0; j < gw[label].length; j++) {
                gw[label][j] = 2.0 * residualTimesFeature[label][j] / nk;
            }
            gb[label] = intercept ? 2.0 * residual[label] / nk : 0.0;
        }
        return new LossGradient(squares / nk, gw, gb, weight);
    }
}
