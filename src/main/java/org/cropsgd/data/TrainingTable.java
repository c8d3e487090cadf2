package org.cropsgd.data;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.cropsgd.moments.ResidualAnchor;
import org.cropsgd.moments.ShiftedMoments;

/**
 * The validated table that training reads (cached when it reads it often): one double column per feature, named
 * {@code x0..x(d-1)}, then one per label, named {@code y0..y(k-1)}, with no null, NaN or infinite value, then,
 * with sample weights, the weight {@code w} (finite, ≥ 0).
 * Positional names keep the generated SQL independent of whatever the input's columns are called.
 *
 * @param frame    the training rows (over the cast rows; filtered when invalid rows are skipped)
 * @param castRows the loading pass's cast rows {@code frame} reads (cached when the run reads them often),
 *                 released by {@link #release()}
 * @param columns  the input's feature and label names, in the order of {@code x} and {@code y}
 * @param rows     number of training rows, n
 * @param dropped  rows dropped by {@code --invalid skip}
 * @param moments  the sums of x0.., y0.. about a shift over exactly these rows, when the loading pass
 *                 computed them (see {@link LoadingPass}); empty when a pass over the rows must
 * @param anchor   with {@code moments}: the model (in the input's units) whose residuals the loading pass
 *                 added up as k more moment columns after y0.. ({@link LoadingPass}); empty when it did not
 * @param groups   grouped ({@code --group-by}): each group's rows, moments and anchor by group value (the
 *                 canonical JSON of its key, the frame's column {@value #GROUP_COLUMN}), ascending; empty when
 *                 ungrouped ({@code moments} is then the whole table's)
 */
public record TrainingTable(Dataset<Row> frame, Dataset<Row> castRows, ColumnSelection columns, long rows, long dropped,
                            Optional<ShiftedMoments> moments, Optional<ResidualAnchor> anchor,
                            SortedMap<String, Group> groups) {

    /** One group's training rows: their count, moments over the columns x0.., y0.. and the anchor's residuals. */
    public record Group(long rows, ShiftedMoments moments, Optional<ResidualAnchor> anchor) {}

    /** An ungrouped table. */
    public TrainingTable(Dataset<Row> frame, Dataset<Row> castRows, ColumnSelection columns, long rows, long dropped,
            Optional<ShiftedMoments> moments, Optional<ResidualAnchor> anchor) {
        this(frame, castRows, columns, rows, dropped, moments, anchor, Collections.emptySortedMap());
    }

    /** A table without an anchor's residual sums. */
    public TrainingTable(Dataset<Row> frame, Dataset<Row> castRows, ColumnSelection columns, long rows, long dropped,
            Optional<ShiftedMoments> moments) {
        this(frame, castRows, columns, rows, dropped, moments, Optional.empty());
    }

    /** The training table's group column (grouped tables only): the canonical JSON of the row's key. */
    public static final String GROUP_COLUMN = "g";

    /** The rows of the group {@code key}, as a table of their own (their frame is read only if a pass needs it). */
    public TrainingTable group(String key) {
        Group group = groups.get(key);
        return new TrainingTable(frame.filter(functions.col(GROUP_COLUMN).equalTo(key)), castRows, columns,
                group.rows(), 0, Optional.of(group.moments()), group.anchor());
    }

    public boolean grouped() {
        return !groups.isEmpty();
    }

    /** The training table's weight column (see {@link ColumnSelection#weight}). */
    public static final String WEIGHT_COLUMN = "w";

    /** The weight column, when the rows are weighted. */
    public Optional<Column> weightColumn() {
        return columns.weight().map(name -> functions.col(WEIGHT_COLUMN));
    }

    /** Each row's weight: its weight column, or 1. */
    public Column weight() {
        return weightColumn().orElse(functions.lit(1.0));
    }

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

    /** Every feature column, x0.., in order. */
    public Column[] features() {
        Column[] x = new Column[featureCount()];
        for (int j = 0; j < x.length; j++) {
            x[j] = feature(j);
        }
        return x;
    }

    /** Every label column, y0.., in order. */
    public Column[] labels() {
        Column[] y = new Column[labelCount()];
        for (int k = 0; k < y.length; k++) {
            y[k] = label(k);
        }
        return y;
    }

    /** The rows where {@code condition} holds, with their count (one pass), sharing the cache. */
    public TrainingTable where(Column condition) {
        Dataset<Row> subset = frame.filter(condition);
        return new TrainingTable(subset, castRows, columns, subset.count(), dropped, Optional.empty());
    }

    /** Frees the cast rows (their cache, when they are cached). */
    public void release() {
        castRows.unpersist();
    }
}
