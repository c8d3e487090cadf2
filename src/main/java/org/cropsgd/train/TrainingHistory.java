package org.cropsgd.train;

import java.util.stream.DoubleStream;

/**
 * The per-epoch record of a run: the training MSE after e steps, and when they apply the ridge penalty
 * and the validation MSE. Row e is the state after e steps.
 */
public final class TrainingHistory {
    private final boolean hasPenalty;
    private final boolean hasValidation;
    private final DoubleStream.Builder loss = DoubleStream.builder();
    private final DoubleStream.Builder penalty = DoubleStream.builder();
    private final DoubleStream.Builder validation = DoubleStream.builder();

    TrainingHistory(boolean hasPenalty, boolean hasValidation) {
        this.hasPenalty = hasPenalty;
        this.hasValidation = hasValidation;
    }

    void add(double mse, double penaltyValue, double validationMse) {
        loss.add(mse);
        if (hasPenalty) {
            penalty.add(penaltyValue);
        }
        if (hasValidation) {
            validation.add(validationMse);
        }
    }

    /** A finished history, frozen into arrays. */
    public record Series(double[] loss, double[] penalty, double[] validation) {
        public int size() {
            return loss.length;
        }
    }

    Series build() {
        return new Series(loss.build().toArray(), hasPenalty ? penalty.build().toArray() : null,
                hasValidation ? validation.build().toArray() : null);
    }
}
