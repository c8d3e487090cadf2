package org.cropsgd.errors;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.message.Message;

/**
 * Keeps the log lines of one expected failure off stderr: a query that stops itself with
 * {@code raise_error(text)} (predict's {@code --invalid error}), or a file read in the wrong format (its
 * footer unreadable while Spark infers the schema), makes Spark log the failed task, the lost task and the
 * aborted job, each with a stack trace, although the command turns that failure into its own one-line
 * error. While {@link #during} runs, a filter on the driver's log4j 2 configuration drops the
 * events that quote {@code text} (in their message or their exception's chain) and the "aborting job" and
 * "task attempt aborted" lines of the scheduler and the file writer that follow them; every other line is logged as usual. (Executors in JVMs of their
 * own log to their own files.)
 */
public final class QuietFailureLogs extends AbstractFilter {
    /** The driver's loggers that follow a failed write with lines of their own, without the failure's text. */
    private static final Set<String> ABORT_REPORTERS = Set.of("org.apache.spark.scheduler.TaskSetManager",
            "org.apache.spark.sql.execution.datasources.FileFormatWriter");

    private final String text;

    private QuietFailureLogs(String text) {
        super(Result.DENY, Result.NEUTRAL);
        this.text = text;
    }

    /** Runs {@code action} with the log events of the failure that quotes {@code text} dropped. */
    public static void during(String text, Runnable action) {
        during(text, () -> {
            action.run();
            return null;
        });
    }

    /** {@link #during(String, Runnable)} for an action with a result. */
    public static <T> T during(String text, Supplier<T> action) {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return action.get(); // another logging back end than Spark's log4j 2: its lines stay
        }
        Configuration config = context.getConfiguration();
        Filter filter = new QuietFailureLogs(text);
        config.addFilter(filter);
        try {
            return action.get();
        } finally {
            config.removeFilter(filter);
        }
    }

    private Result decide(String loggerName, Object message, Throwable thrown) {
        String shown = message instanceof Message m ? m.getFormattedMessage() : String.valueOf(message);
        boolean quoted = shown.contains(text);
        for (Throwable t = thrown; !quoted && t != null; t = t.getCause() == t ? null : t.getCause()) {
            quoted = t.getMessage() != null && t.getMessage().contains(text);
        }
        boolean aborting = ABORT_REPORTERS.contains(loggerName) && shown.contains("abort");
        return quoted || aborting ? Result.DENY : Result.NEUTRAL;
    }

    @Override
    public Result filter(LogEvent event) {
        return decide(event.getLoggerName(), event.getMessage(), event.getThrown());
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Message message, Throwable thrown) {
        return decide(logger.getName(), message, thrown);
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Object message, Throwable thrown) {
        return decide(logger.getName(), message, thrown);
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, String message, Object... parameters) {
        return decide(logger.getName(), message, null);
    }
}
