package org.cropsgd.train;

import org.cropsgd.model.LinearModel;
import org.cropsgd.optim.OptimizerState;

/**
 * Everything the epoch loop needs to go on from the start of an epoch as if it had never stopped: what a
 * checkpoint holds. The divergence guard and early stopping are not in it: they are replayed from the
 * history, which records every loss they have seen.
 *
 * @param epoch        steps taken so far
 * @param model        the model after them, in training units
 * @param optimizer    the optimizer's state after them
 * @param samplesDrawn mini-batch samples drawn so far (0 for full-batch training)
 * @param history      the losses of epochs 0..epoch−1
 */
public record TrainingState(int epoch, LinearModel model, OptimizerState optimizer, long samplesDrawn,
        TrainingHistory.Series history) {

    public TrainingState {
        if (history.size() != epoch) {
            throw new IllegalArgumentException("a state after " + epoch + " steps needs " + epoch
                    + " history rows, not " + history.size());
        }
    }

    /** The state before the first step. */
    public static TrainingState start(LinearModel initial, boolean hasPenalty, boolean hasValidation) {
        return new TrainingState(0, initial, OptimizerState.initial(), 0,
                new TrainingHistory(hasPenalty, hasValidation).build());
    }
}
