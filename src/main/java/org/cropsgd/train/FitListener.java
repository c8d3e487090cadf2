package org.cropsgd.train;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a fit tells its caller while it runs, and the checkpoints it asks the caller for: the core
 * itself prints nothing and writes nothing. Every method has a default that ignores the event, so a caller
 * implements only what it wants ({@link #SILENT}: nothing).
 *
 * <p>The order of the calls: {@link #info} while the rows load (default features, skipped rows, a long
 * pass's progress), {@link #stateToResume} once the rows are loaded, {@link #info} with the plan ("Training
 * on ...", the learning rate), {@link #warning} for what the problem checks find, then per epoch
 * {@link #epochStarting} (from the second epoch of the run on) and {@link #epochDone}, and
 * {@link #stoppedEarly} when --tol stops training.
 */
public interface FitListener extends EpochListener, CheckpointSink {
    /** Hears nothing, saves no checkpoint, resumes from none. */
    FitListener SILENT = new FitListener() {};

    /**
     * How many training rows' labels and predictions the caller wants back with the fit (for pictures), as a
     * seeded sample the final metrics pass keeps ({@link FitResult#sample}); 0: none, and no cost.
     */
    default long sampleRows() {
        return 0;
    }

    /** An informational line (no line break), in the words the command line prints it. */
    default void info(String line) {}

    /** A warning, one line without the {@code cropsgd: warning: } prefix; it is also in the metrics. */
    default void warning(String message) {}

    /**
     * The state to go on from, asked for once the rows are loaded (so that bad input is reported as such
     * first); empty: start at epoch 0. The state must come from a run with the same data and settings.
     */
    default Optional<TrainingState> stateToResume() {
        return Optional.empty();
    }

    @Override
    default void epochStarting(int epoch, Supplier<TrainingState> state) {}

    @Override
    default void epochDone(int epoch, double loss, double validationLoss) {}

    @Override
    default void stoppedEarly(int epoch) {}
}
