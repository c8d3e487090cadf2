package org.cropsgd.config;

import java.util.List;

/**
 * One model per group (issue 12's {@code --group-by}): the key columns whose distinct values each get an
 * independent model, and what a group that cannot be trained does to the run.
 *
 * @param columns       the key columns; empty: one model for the whole table
 * @param skipFailures  a group that diverges or cannot be trained is recorded and the run goes on
 *                      ({@code --on-group-failure skip}); otherwise it fails the run, naming the group
 */
public record Grouping(List<String> columns, boolean skipFailures) {
    /** {@code --on-group-failure}'s values. */
    public enum FailurePolicy { ERROR, SKIP }

    /** One model for the whole table. */
    public static final Grouping NONE = new Grouping(List.of(), false);

    public Grouping {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    public boolean grouped() {
        return !columns.isEmpty();
    }

    /** {@code --on-group-failure}'s value. */
    public String failurePolicy() {
        return skipFailures ? "skip" : "error";
    }
}
