package org.cropsgd.train;

import org.cropsgd.model.LinearModel;

/**
 * What the epoch loop produced.
 *
 * @param model    the model after the last step, in training units
 * @param history  the loss after e steps, for e = 0..epochs
 * @param seconds  wall time of the loop
 */
public record TrainingResult(LinearModel model, double[] history, double seconds) {

    public double finalLoss() {
        return history[history.length - 1];
    }
}
