package org.cropsgd.errors;

/**
 * The process exit codes of every cropsgd command. They are part of the public contract (schedulers such
 * as Airflow retry on some and not on others), so they are documented in the README and never reused.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    SUCCESS(0, false),
    /** Anything not covered below: a bug, a lost cluster, an I/O failure. Worth a retry. */
    INTERNAL(1, true),
    /** The command line or the config file is wrong. A retry with the same settings fails again. */
    USAGE(2, false),
    /** The input table cannot be trained on as it is (missing, empty, non-numeric, NaN, ...). */
    BAD_INPUT(3, false),
    /** The loss blew up: the learning rate is too large for this data. */
    DIVERGED(4, false),
    /** gpu-check: an operator of the training plans would run on the CPU. */
    GPU_FALLBACK(5, false),
    /**
     * Stopped by Ctrl-C (SIGINT) or SIGTERM. The JVM itself exits with 128 + the signal number when a
     * signal stops it; these two say so, for the documentation and the tests. Nothing was written, and
     * checkpoints are kept, so a rerun with --resume goes on from the newest one.
     */
    INTERRUPTED(130, true),
    /** Stopped by SIGTERM (a scheduler's kill, a container stop); see {@link #INTERRUPTED}. */
    TERMINATED(143, true);

    private final int code;
    private final boolean worthRetry;

    ExitCode(int code, boolean worthRetry) {
        this.code = code;
        this.worthRetry = worthRetry;
    }

    public int code() {
        return code;
    }

    /**
     * Whether the same command may succeed when run again: the failure came from outside the command line
     * and the data (a lost cluster, an I/O failure, a stop). Schedulers retry these and no others.
     */
    public boolean worthRetry() {
        return worthRetry;
    }
}
