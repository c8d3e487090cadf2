package org.cropsgd.job;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.cropsgd.train.EpochListener;

/**
 * The {@code train} command's epoch lines: prints a progress line for the first epoch reported, the last, and otherwise at most one every
 * {@code intervalNanos}, so a long run stays readable in a terminal and in a scheduler's log.
 */
public final class TrainingProgress implements EpochListener {
    private final PrintWriter out;
    private final int totalEpochs;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long start;
    private boolean printedAny;
    private long lastPrinted;

    public TrainingProgress(PrintWriter out, int totalEpochs, long intervalNanos, LongSupplier clock) {
        this.out = out;
        this.totalEpochs = totalEpochs;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** One line a second on the wall clock. */
    public static TrainingProgress everySecond(PrintWriter out, int totalEpochs) {
        return new TrainingProgress(out, totalEpochs, 1_000_000_000L, System::nanoTime);
    }

    /**
     * Reports that {@code epoch} steps are done and the loss is now {@code loss} (and the validation loss
     * {@code validationLoss}, NaN without a validation split).
     */
    @Override
    public void epochDone(int epoch, double loss, double validationLoss) {
        long now = clock.getAsLong();
        boolean due = !printedAny || epoch == totalEpochs || now - lastPrinted >= intervalNanos;
        if (!due) {
            return;
        }
        printedAny = true;
        lastPrinted = now;
        double seconds = (now - start) / 1e9;
        String validation = Double.isNaN(validationLoss) ? ""
                : String.format(Locale.ROOT, "  validation loss %.10g", validationLoss);
        out.println(String.format(Locale.ROOT, "epoch %d/%d  loss %.10g%s  (%.1f epochs/s)", epoch, totalEpochs,
                loss, validation, seconds > 0 ? epoch / seconds : 0.0));
        out.flush();
    }

    /** Reports that training stopped early, converged by --tol and --patience. */
    @Override
    public void stoppedEarly(int epoch) {
        out.printf("Stopped after epoch %d of %d: the loss stopped improving (--tol, --patience).%n", epoch,
                totalEpochs);
        out.flush();
    }
}
