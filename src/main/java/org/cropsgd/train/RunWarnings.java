package org.cropsgd.train;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The warnings of one run: each is printed at once, as one line on stderr starting with
 * {@code cropsgd: warning: }, and kept for {@code metrics.json}'s {@code "warnings"}. Any part of a run
 * that finds something the user should know, but that does not stop it, adds it here.
 */
public final class RunWarnings {
    public static final String PREFIX = "cropsgd: warning: ";

    private final PrintWriter err;
    private final List<String> messages = new ArrayList<>();

    public RunWarnings(PrintWriter err) {
        this.err = err;
    }

    /** Prints {@code message} (one line, without the prefix) and records it. */
    public void add(String message) {
        messages.add(message);
        err.println(PREFIX + message);
        err.flush();
    }

    /** The messages so far, in the order they were added. */
    public List<String> messages() {
        return List.copyOf(messages);
    }
}
