package org.cropsgd.optim;

import java.util.Map;
import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;

/**
 * Adam as {@code torch.optim.Adam(lr, betas, eps, weight_decay)} (no amsgrad), in the order of operations of
 * torch's single-tensor CPU path (its fused kernels may round differently in the last bits): {@code g ← ∇ + wd·θ}; {@code m ← m + (1−β1)·(g − m)}; {@code v ← β2·v + (1−β2)·g²};
 * {@code θ ← θ − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)}.
 */
public final class Adam implements Optimizer {
    // The names torch gives these buffers in its optimizer state.
    private static final String FIRST_MOMENT = "exp_avg";
    private static final String SECOND_MOMENT = "exp_avg_sq";

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private double[] m;
    private double[] v;
    private int step;

    public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public LinearModel step(LinearModel model, LossGradient gradient) {
        double[] theta = Parameters.flatten(model.weights(), model.bias());
        double[] g = Parameters.flatten(gradient.weightGradient(), gradient.biasGradient());
        if (m == null) {
            m = new double[theta.length];
            v = new double[theta.length];
        }
        step++;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double stepSize = learningRate / biasCorrection1;
        for (int i = 0; i < theta.length; i++) {
            double grad = weightDecay != 0 ? g[i] + weightDecay * theta[i] : g[i];
            // torch's lerp_(grad, 1 − β1), which switches form at weight 0.5.
            double weight = 1 - beta1;
            m[i] = weight < 0.5 ? m[i] + weight * (grad - m[i]) : grad - (grad - m[i]) * (1 - weight);
            v[i] = v[i] * beta2 + (1 - beta2) * grad * grad;
            double denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
            theta[i] += -stepSize * (m[i] / denom);
        }
        return Parameters.toModel(theta, model.labelCount(), model.featureCount());
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(step, m == null ? Map.of() : Map.of(FIRST_MOMENT, m, SECOND_MOMENT, v));
    }

    @Override
    public void restore(OptimizerState state) {
        step = state.steps();
        m = state.buffer(FIRST_MOMENT);
        v = state.buffer(SECOND_MOMENT);
    }
}
