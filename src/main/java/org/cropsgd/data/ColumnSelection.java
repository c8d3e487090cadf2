package org.cropsgd.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The feature and label columns a run trains on, settled by {@link ColumnCandidates} and the loading pass:
 * the order of the training table's {@code x} and {@code y} columns, and the column of sample weights, if any
 * (the training table's {@code w}).
 */
public record ColumnSelection(List<String> features, List<String> labels, Optional<String> weight) {

    public ColumnSelection {
        features = List.copyOf(features);
        labels = List.copyOf(labels);
    }

    /** Unweighted. */
    public ColumnSelection(List<String> features, List<String> labels) {
        this(features, labels, Optional.empty());
    }

    /** Features first, then labels: the column order of the training table (the weight is not among them). */
    public List<String> all() {
        List<String> all = new ArrayList<>(features);
        all.addAll(labels);
        return all;
    }
}
