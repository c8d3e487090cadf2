package org.cropsgd.job;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Supplier;
import org.cropsgd.train.TrainingState;

/**
 * A {@link FitListener} that resumes from and saves {@link Checkpoints}, and shows everything else as
 * {@link ConsoleFitListener} does. The checkpoints are opened when the fit asks for the state to resume
 * from, after the rows are loaded, so that a missing or bad input is reported as such, not as a mismatch.
 */
final class CheckpointingListener extends ConsoleFitListener {
    private final Supplier<Optional<Checkpoints>> open;
    private final boolean resume;
    private Optional<Checkpoints> checkpoints = Optional.empty();

    CheckpointingListener(PrintWriter out, PrintWriter err, int epochs, long sampleRows,
            Supplier<Optional<Checkpoints>> open, boolean resume) {
        super(out, err, epochs, sampleRows);
        this.open = open;
        this.resume = resume;
    }

    @Override
    public Optional<TrainingState> stateToResume() {
        checkpoints = open.get();
        return checkpoints.flatMap(c -> c.stateToResume(resume));
    }

    @Override
    public void epochStarting(int epoch, Supplier<TrainingState> state) {
        checkpoints.ifPresent(c -> c.epochStarting(epoch, state));
    }

    /** Removes the checkpoints once the output they were protecting is written. */
    void deleteAll() {
        checkpoints.ifPresent(Checkpoints::deleteAll);
    }
}
