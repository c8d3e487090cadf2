package org.cropsgd.job;

import java.io.PrintWriter;
import org.cropsgd.train.FitListener;

/**
 * How the {@code train} command shows a fit: informational lines on stdout, each warning as one line on
 * stderr starting with {@link #WARNING_PREFIX}, and the epoch lines of {@link TrainingProgress}.
 */
class ConsoleFitListener implements FitListener {
    public static final String WARNING_PREFIX = "cropsgd: warning: ";

    private final PrintWriter out;
    private final PrintWriter err;
    private final TrainingProgress progress;
    private final long sampleRows;

    /** @param sampleRows  training rows to sample for the pictures (0: none, --plots false) */
    ConsoleFitListener(PrintWriter out, PrintWriter err, int epochs, long sampleRows) {
        this.out = out;
        this.err = err;
        this.progress = TrainingProgress.everySecond(out, epochs);
        this.sampleRows = sampleRows;
    }

    @Override
    public long sampleRows() {
        return sampleRows;
    }

    @Override
    public void info(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void warning(String message) {
        err.println(WARNING_PREFIX + message);
        err.flush();
    }

    @Override
    public void epochDone(int epoch, double loss, double validationLoss) {
        progress.epochDone(epoch, loss, validationLoss);
    }

    @Override
    public void stoppedEarly(int epoch) {
        progress.stoppedEarly(epoch);
    }
}
