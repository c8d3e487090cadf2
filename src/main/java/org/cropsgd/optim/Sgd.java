package org.cropsgd.optim;

import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;

/** Plain gradient descent, as {@code torch.optim.SGD(lr=...)}: {@code θ ← θ − lr·∇L(θ)}. */
public final class Sgd implements Optimizer {
    private final double learningRate;

    public Sgd(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public LinearModel step(LinearModel model, LossGradient gradient) {
        double[][] w = model.weights();
        double[] b = model.bias();
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < w[k].length; j++) {
                w[k][j] -= learningRate * gradient.weightGradient()[k][j];
            }
            b[k] -= learningRate * gradient.biasGradient()[k];
        }
        return new LinearModel(w, b);
    }
}
