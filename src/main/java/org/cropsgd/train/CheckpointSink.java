package org.cropsgd.train;

import java.util.function.Supplier;

/** Where the epoch loop offers its state at the start of each epoch after the first of a run. */
@FunctionalInterface
public interface CheckpointSink {
    /** Checkpointing off. */
    CheckpointSink NONE = (epoch, state) -> { };

    /**
     * Called before the loss of {@code epoch} is evaluated. {@code state} builds the state (a copy of the
     * whole history), so a sink asks for it only when it saves a checkpoint.
     */
    void epochStarting(int epoch, Supplier<TrainingState> state);
}
