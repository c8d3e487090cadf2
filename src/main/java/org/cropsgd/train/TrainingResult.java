package org.cropsgd.train;

import org.cropsgd.model.LinearModel;

/**
 * What the epoch loop produced.
 *
 * @param model       the model after the last step, in training units
 * @param history     the losses after e steps, for e = 0..epochs
 * @param epochs      steps taken
 * @param stopReason  why the loop ended
 * @param seconds     wall time of the loop
 */
public record TrainingResult(LinearModel model, TrainingHistory.Series history, int epochs, StopReason stopReason,
        double seconds) {

    /** Why training ended. */
    public enum StopReason {
        /** All --epochs steps were taken. */
        MAX_EPOCHS,
        /** The loss stopped improving by --tol for --patience epochs. */
        TOLERANCE;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
