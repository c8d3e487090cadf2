package org.cropsgd.data;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.cropsgd.moments.ShiftedMoments;

/**
 * The validated, cached table that training reads every epoch: one double column per feature, named
 * {@code x0..x(d-1)}, then one per label, named {@code y0..y(k-1)}, with no null, NaN or infinite value.
 * Positional names keep the generated SQL independent of whatever the input's columns are called.
 *
 * @param frame    the training rows (over the cache; filtered when invalid rows are skipped)
 * @param cached   the cached rows {@code frame} reads, released by {@link #release()}
 * @param columns  the input's feature and label names, in the order of {@code x} and {@code y}
 * @param rows     number of training rows, n
 * @param dropped  rows dropped by {@code --invalid skip}
 * @param moments  the sums of x0.., y0.. about a shift over exactly these rows, when the loading pass
 *                 computed them (see {@link LoadingPass}); empty when a pass over the rows must
 */
public record TrainingTable(Dataset<Row> frame, Dataset<Row> cached, ColumnSelection columns, long rows, long dropped,
                            Optional<ShiftedMoments> moments) {

    public int featureCount() {
        return columns.features().size();
    }

    public int labelCount() {
        return columns.labels().size();
    }

    public List<String> featureNames() {
        return columns.features();
    }

    public List<String> labelNames() {
        return columns.labels();
    }

    public static String featureColumn(int j) {
        return "x" + j;
    }

    public static String labelColumn(int k) {
        return "y" + k;
    }

    public Column feature(int j) {
        return functions.col(featureColumn(j));
    }

    public Column label(int k) {
        return functions.col(labelColumn(k));
    }

    /** The rows where {@code condition} holds, with their count (one pass), sharing the cache. */
    public TrainingTable where(Column condition) {
        Dataset<Row> subset = frame.filter(condition);
        return new TrainingTable(subset, cached, columns, subset.count(), dropped, Optional.empty());
    }

    /** Frees the cached rows. */
    public void release() {
        cached.unpersist();
    }
}
