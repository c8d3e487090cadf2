package org.cropsgd.optim;

import java.util.function.DoubleSupplier;
import org.cropsgd.config.OptimizerKind;
import org.cropsgd.config.OptimizerSettings;

/**
 * The step size of a run, resolved once: the value the optimizer, the divergence guard, the printed plan and
 * {@code metrics.json} all use, and where it came from.
 *
 * @param value   the step size
 * @param origin  given, or which {@code auto} rule chose it
 */
public record LearningRate(double value, Origin origin) {

    /** Where the step size came from. */
    public enum Origin {
        /** {@code --learning-rate X}. */
        GIVEN(""),
        /** {@code auto} with Adam: torch.optim.Adam's default. */
        ADAM_DEFAULT(" (auto: torch's Adam default)"),
        /** {@code auto} with SGD: 1/λ, λ the largest eigenvalue of the loss Hessian in training units. */
        INVERSE_HESSIAN_EIGENVALUE(" (auto: 1/λ of the loss Hessian)");

        private final String explanation;

        Origin(String explanation) {
            this.explanation = explanation;
        }
    }

    /**
     * The step size {@code settings} ask for; {@code largestHessianEigenvalue} (λ, which may cost a pass over
     * the data) is asked for only by {@code auto} with SGD.
     */
    public static LearningRate resolve(OptimizerSettings settings, DoubleSupplier largestHessianEigenvalue) {
        if (settings.learningRate().isPresent()) {
            return new LearningRate(settings.learningRate().getAsDouble(), Origin.GIVEN);
        }
        return settings.kind() == OptimizerKind.ADAM
                ? new LearningRate(OptimizerSettings.ADAM_DEFAULT_LEARNING_RATE, Origin.ADAM_DEFAULT)
                : new LearningRate(1.0 / largestHessianEigenvalue.getAsDouble(), Origin.INVERSE_HESSIAN_EIGENVALUE);
    }

    /** What the printed plan adds after the value: empty when given, else {@code " (auto: ...)"}. */
    public String explanation() {
        return origin.explanation;
    }

    /** Whether {@code auto} chose it. */
    public boolean automatic() {
        return origin != Origin.GIVEN;
    }
}
