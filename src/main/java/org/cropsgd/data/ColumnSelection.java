package org.cropsgd.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature and label columns a run trains on, settled by {@link ColumnCandidates} and the loading pass:
 * the order of the training table's {@code x} and {@code y} columns.
 */
public record ColumnSelection(List<String> features, List<String> labels) {

    public ColumnSelection {
        features = List.copyOf(features);
        labels = List.copyOf(labels);
    }

    /** Features first, then labels: the column order of the training table. */
    public List<String> all() {
        List<String> all = new ArrayList<>(features);
        all.addAll(labels);
        return all;
    }
}
