package org.cropsgd.errors;

import java.util.Optional;
import java.util.function.Function;

/**
 * A failure the user can act on. Its message is shown as it is, so it says what went wrong, why, and how
 * to fix it; the exit code says which kind of failure it was. Create these through {@link Errors} so that
 * every user-facing message lives in one place.
 *
 * <p>An error about the value of one option knows that option, and can be reworded to name where the value
 * came from instead (a key of the {@code --config} file), without the code that found the mistake having
 * to know where the value was given.
 */
public final class CropSgdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final String option;
    private final transient Function<String, String> messageNaming;

    CropSgdException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
        this.option = null;
        this.messageNaming = null;
    }

    /** An error about the value of {@code option}; {@code messageNaming} writes it for a way of naming it. */
    CropSgdException(ExitCode exitCode, String option, Function<String, String> messageNaming) {
        super(messageNaming.apply("--" + option));
        this.exitCode = exitCode;
        this.option = option;
        this.messageNaming = messageNaming;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** The option (long name without dashes) whose value this error is about, if it is about one. */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }

    /** The same error, naming the option's value as {@code source} (e.g. "key 'epochs' in the config file 'x'"). */
    public CropSgdException namingValueAs(String source) {
        if (messageNaming == null) {
            return this;
        }
        CropSgdException renamed = new CropSgdException(exitCode, messageNaming.apply(source));
        renamed.setStackTrace(getStackTrace());
        return renamed;
    }
}
