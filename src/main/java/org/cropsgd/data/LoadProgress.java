package org.cropsgd.data;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;

/**
 * Progress lines while a large table loads, so that a long read is not silence: every few seconds, what
 * is being done and how many tasks of the running Spark jobs are done, from Spark's status tracker
 * ({@code "  checking and caching the rows: 14/40 tasks done (25 s)"}). Nothing is printed in the first
 * ten seconds, so loading a small table prints no progress line at all.
 */
public final class LoadProgress implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Loading a small table can take a few seconds on a busy machine; that is not worth a line. */
    static final Duration FIRST = Duration.ofSeconds(10);

    private final SparkStatusTracker tracker;
    private final Consumer<String> out;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile String phase = "loading";

    private LoadProgress(SparkStatusTracker tracker, Consumer<String> out, Duration first, Duration interval) {
        this.tracker = tracker;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cropsgd-load-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::report, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static LoadProgress start(SparkContext spark, Consumer<String> out) {
        return start(spark, out, FIRST, INTERVAL);
    }

    public static LoadProgress start(SparkContext spark, Consumer<String> out, Duration first, Duration interval) {
        return new LoadProgress(spark.statusTracker(), out, first, interval);
    }

    /** What the Spark jobs that run from now on do, for the progress lines. */
    public void phase(String what) {
        phase = what;
    }

    /** The tasks of the running jobs, over all their stages, so that the count only grows within a job. */
    private void report() {
        int done = 0;
        int total = 0;
        for (int job : tracker.getActiveJobIds()) {
            SparkJobInfo info = tracker.getJobInfo(job).getOrElse(() -> null);
            for (int stage : info == null ? new int[0] : info.stageIds()) {
                SparkStageInfo stageInfo = tracker.getStageInfo(stage).getOrElse(() -> null);
                if (stageInfo != null) {
                    done += stageInfo.numCompletedTasks();
                    total += stageInfo.numTasks();
                }
            }
        }
        if (total > 0) {
            out.accept(String.format(Locale.ROOT, "  %s: %d/%d tasks done (%.0f s)", phase, done, total,
                    (System.nanoTime() - start) / 1e9));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // A line being printed is finished before the caller prints its own.
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
