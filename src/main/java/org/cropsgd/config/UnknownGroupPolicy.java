package org.cropsgd.config;

/**
 * What {@code predict} and {@code evaluate} do with a row whose group has no model in a grouped
 * ({@code --group-by}) output: a group training never saw, or one it skipped.
 */
public enum UnknownGroupPolicy {
    /** Stop with exit 3, naming the group and showing the row. */
    ERROR,
    /** {@code predict}: write null predictions for it; {@code evaluate}: leave it out and say how many. */
    NULL
}
