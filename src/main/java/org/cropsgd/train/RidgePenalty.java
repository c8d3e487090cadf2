package org.cropsgd.train;

import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;

/**
 * The ridge penalty {@code λ·ΣW²} on the weights (never the intercepts) and its gradient {@code 2λ·W}.
 * It is kept apart from the MSE so that reports show both.
 */
public record RidgePenalty(double lambda) {

    public boolean isActive() {
        return lambda > 0;
    }

    public double value(LinearModel model) {
        if (!isActive()) {
            return 0;
        }
        double sum = 0;
        for (int k = 0; k < model.labelCount(); k++) {
            for (int j = 0; j < model.featureCount(); j++) {
                sum += model.weight(k, j) * model.weight(k, j);
            }
        }
        return lambda * sum;
    }

    /** The gradient of MSE + penalty. */
    public LossGradient addTo(LossGradient mse, LinearModel model) {
        if (!isActive()) {
            return mse;
        }
        double[][] gw = new double[model.labelCount()][];
        for (int k = 0; k < gw.length; k++) {
            gw[k] = mse.weightGradient()[k].clone();
            for (int j = 0; j < gw[k].length; j++) {
                gw[k][j] += 2 * lambda * model.weight(k, j);
            }
        }
        return new LossGradient(mse.loss() + value(model), gw, mse.biasGradient(), mse.weight());
    }
}
