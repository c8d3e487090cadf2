package org.cropsgd.errors;

/**
 * A failure the user can act on. Its message is shown as it is, so it says what went wrong, why, and how
 * to fix it; the exit code says which kind of failure it was. Create these through {@link Errors} so that
 * every user-facing message lives in one place.
 */
public final class CropSgdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    CropSgdException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
