package org.cropsgd.optim;

import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;

/**
 * One update rule. The trainer calls {@link #step} once per epoch with the gradient at the current model
 * and uses the model it returns; an optimizer with state (momentum, Adam) keeps it between calls, and
 * hands it out and takes it back for checkpoints.
 */
public interface Optimizer {

    /** The model after one step from {@code model} along {@code gradient}. */
    LinearModel step(LinearModel model, LossGradient gradient);

    /** The state carried between steps, for a checkpoint. */
    OptimizerState state();

    /** Continues from a state {@link #state()} returned, as if the steps behind it had just been taken. */
    void restore(OptimizerState state);
}
