package org.cropsgd.optim;

import java.util.Map;
import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;

/**
 * Stochastic gradient descent exactly as {@code torch.optim.SGD(lr, momentum, weight_decay, nesterov)}
 * (dampening 0): {@code g ← ∇ + wd·θ}; with momentum, {@code buf ← g} on the first step and
 * {@code buf ← μ·buf + g} after, and {@code g ← g + μ·buf} (Nesterov) or {@code g ← buf}; then
 * {@code θ ← θ − lr·g}. Without momentum and weight decay it is plain gradient descent.
 */
public final class Sgd implements Optimizer {
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    private double[] buffer;
    private int steps;

    public Sgd(double learningRate) {
        this(learningRate, 0.0, false, 0.0);
    }

    public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        if (nesterov && momentum <= 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0");
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public LinearModel step(LinearModel model, LossGradient gradient) {
        steps++;
        if (momentum == 0 && weightDecay == 0) {
            return plainStep(model, gradient);
        }
        double[] theta = Parameters.flatten(model.weights(), model.bias());
        double[] g = Parameters.flatten(gradient.weightGradient(), gradient.biasGradient());
        for (int i = 0; i < theta.length; i++) {
            if (weightDecay != 0) {
                g[i] += weightDecay * theta[i];
            }
        }
        if (momentum != 0) {
            if (buffer == null) {
                buffer = g.clone();
            } else {
                for (int i = 0; i < g.length; i++) {
                    buffer[i] = momentum * buffer[i] + g[i];
                }
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = nesterov ? g[i] + momentum * buffer[i] : buffer[i];
            }
        }
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= learningRate * g[i];
        }
        return Parameters.toModel(theta, model.labelCount(), model.featureCount());
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, buffer == null ? Map.of() : Map.of(MOMENTUM_BUFFER, buffer));
    }

    @Override
    public void restore(OptimizerState state) {
        steps = state.steps();
        buffer = state.buffer(MOMENTUM_BUFFER);
    }

    /** θ ← θ − lr·∇, written out so that it is bit for bit the float64 reference's step. */
    private LinearModel plainStep(LinearModel model, LossGradient gradient) {
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
