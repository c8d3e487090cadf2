package org.cropsgd.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The warnings of one fit: each is handed on at once (to {@link FitListener#warning}) and kept for the
 * metrics' {@code warnings}. Any part of a fit that finds something the user should know, but that does
 * not stop it, adds it here.
 */
final class RunWarnings {
    private final Consumer<String> report;
    private final List<String> messages = new ArrayList<>();

    RunWarnings(Consumer<String> report) {
        this.report = report;
    }

    /** Reports {@code message} (one line, without a prefix) and records it. */
    void add(String message) {
        messages.add(message);
        report.accept(message);
    }

    /** The messages so far, in the order they were added. */
    List<String> messages() {
        return List.copyOf(messages);
    }
}
