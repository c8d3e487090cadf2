package org.cropsgd.train;

import java.util.Arrays;

/**
 * The per-epoch record of a run: the training MSE after e steps, and when they apply the ridge penalty
 * and the validation MSE. Row e is the state after e steps.
 */
public final class TrainingHistory {
    private final boolean hasPenalty;
    private final boolean hasValidation;
    private final Column loss = new Column();
    private final Column penalty = new Column();
    private final Column validation = new Column();

    TrainingHistory(boolean hasPenalty, boolean hasValidation) {
        this.hasPenalty = hasPenalty;
        this.hasValidation = hasValidation;
    }

    /** A history that goes on from {@code earlier} (a checkpoint's), with the same columns. */
    TrainingHistory(Series earlier, boolean hasPenalty, boolean hasValidation) {
        this(hasPenalty, hasValidation);
        if ((earlier.penalty() != null) != hasPenalty || (earlier.validation() != null) != hasValidation) {
            throw new IllegalArgumentException("the saved history has other columns than this run records");
        }
        for (int epoch = 0; epoch < earlier.size(); epoch++) {
            add(earlier.loss()[epoch], hasPenalty ? earlier.penalty()[epoch] : 0,
                    hasValidation ? earlier.validation()[epoch] : Double.NaN);
        }
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

        /** The value --tol watches at {@code epoch}: the validation loss when there is one, else loss + penalty. */
        double monitored(int epoch) {
            return validation != null ? validation[epoch] : trainingObjective(epoch);
        }

        /** The training MSE plus the ridge penalty at {@code epoch}: what the divergence guard watches. */
        double trainingObjective(int epoch) {
            return loss[epoch] + (penalty == null ? 0.0 : penalty[epoch]);
        }
    }

    /** The history so far, as arrays; the history can go on growing afterwards (for checkpoints). */
    Series build() {
        return new Series(loss.toArray(), hasPenalty ? penalty.toArray() : null,
                hasValidation ? validation.toArray() : null);
    }

    /** A growable column of doubles (a history can have millions of epochs, so no boxing). */
    private static final class Column {
        private double[] values = new double[64];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
