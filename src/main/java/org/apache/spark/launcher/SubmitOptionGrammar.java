package org.apache.spark.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * spark-submit's own command-line grammar, for submit/cropsgd: which options take a value (its {@code opts}
 * table), which are switches ({@code switches}), their aliases and the {@code --opt=value} form, all as
 * Spark's {@link SparkSubmitOptionParser#parse} applies them. That class and its constructor are
 * package-private, so this bridge has to live in Spark's package (a split package on the classpath, which
 * Java allows outside the module system; the launcher jar is not sealed). Reflection is no way around it:
 * {@code parse} reports through the callbacks a subclass overrides. Whatever cropsgd decides about the words
 * is in {@code org.cropsgd.launcher.SubmitCommandLine}; this class only forwards.
 */
public final class SubmitOptionGrammar extends SparkSubmitOptionParser {
    /** What the parse found, in the order of the command line. */
    public interface Listener {
        /** A spark-submit option under its canonical name (an alias such as -h is reported as --help),
         * with its value, or null for a switch. */
        void option(String name, String value);

        /** A word that is not a spark-submit option. Return true to go on parsing options (the listener
         * took it as one of its own), false when it is the first word of the application's arguments. */
        boolean unknown(String word);

        /** The application's arguments: the word {@link #unknown} stopped at and all after it (empty when
         * every word was an option). */
        void rest(List<String> words);
    }

    private final Listener listener;
    private String firstApplicationArgument;

    private SubmitOptionGrammar(Listener listener) {
        this.listener = listener;
    }

    /** Parses {@code args} as spark-submit does; an option that takes a value but is the last word throws
     * IllegalArgumentException with Spark's message ("Missing argument for option '--master'."). */
    public static void parse(List<String> args, Listener listener) {
        new SubmitOptionGrammar(listener).parse(args);
    }

    /** Splits a value such as --driver-java-options' into words, with the quoting rules spark-submit uses. */
    public static List<String> splitOptionString(String value) {
        return CommandBuilderUtils.parseOptionString(value);
    }

    @Override
    protected boolean handle(String opt, String value) {
        listener.option(opt, value);
        return true;
    }

    @Override
    protected boolean handleUnknown(String opt) {
        if (listener.unknown(opt)) {
            return true;
        }
        firstApplicationArgument = opt;
        return false;
    }

    /** Spark passes the words after the one parsing stopped at (for spark-submit, the application jar). */
    @Override
    protected void handleExtraArgs(List<String> extra) {
        List<String> words = new ArrayList<>();
        if (firstApplicationArgument != null) {
            words.add(firstApplicationArgument);
        }
        words.addAll(extra);
        listener.rest(words);
    }
}
