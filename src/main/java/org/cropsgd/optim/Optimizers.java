package org.cropsgd.optim;

import org.cropsgd.config.OptimizerSettings;

/** Builds the optimizer the settings name. */
public final class Optimizers {
    private Optimizers() {}

    public static Optimizer create(OptimizerSettings settings, double learningRate) {
        return switch (settings.kind()) {
            case SGD -> new Sgd(learningRate, settings.momentum(), settings.nesterov(), settings.weightDecay());
            case ADAM -> new Adam(learningRate, settings.beta1(), settings.beta2(), settings.eps(),
                    settings.weightDecay());
        };
    }
}
