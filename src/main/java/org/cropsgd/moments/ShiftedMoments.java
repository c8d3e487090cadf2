package org.cropsgd.moments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sums of m columns about a shift s taken from the data, over the rows that count: n, Σ(v − s) and
 * Σ(v_i − s_i)(v_j − s_j) for i ≤ j (packed as {@link RowSums#packedIndex}). The shift is one of the rows,
 * so it lies within the data's spread: centring there keeps the second moments accurate for a column with a
 * large mean and a small spread, where raw Σ v vᵀ would lose the spread to cancellation. The exact
 * correction from the shift to the mean is {@link org.cropsgd.gradient.CentredMoments}'s.
 */
public record ShiftedMoments(long rows, double[] shift, double[] sum, double[] products) implements Serializable {
    public int size() {
        return shift.length;
    }

    /** No rows: the starting point of a sum. */
    public static ShiftedMoments empty(double[] shift) {
        int m = shift.length;
        return new ShiftedMoments(0, shift, new double[m], new double[RowSums.packedSize(m)]);
    }

    /**
     * These sums taken about {@code to} instead, exactly: with δ = s − t,
     * Σ(v − t) = Σ(v − s) + n·δ and Σ(v − t)(w − t) = Σ(v − s)(w − s) + δv·Σ(w − s) + δw·Σ(v − s) + n·δv·δw.
     */
    public ShiftedMoments about(double[] to) {
        int m = size();
        double[] delta = new double[m];
        double[] movedSum = new double[m];
        for (int i = 0; i < m; i++) {
            delta[i] = shift[i] - to[i];
            movedSum[i] = sum[i] + rows * delta[i];
        }
        double[] moved = new double[products.length];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                int at = RowSums.packedIndex(i, j, m);
                moved[at] = products[at] + delta[i] * sum[j] + delta[j] * sum[i] + rows * delta[i] * delta[j];
            }
        }
        return new ShiftedMoments(rows, to.clone(), movedSum, moved);
    }

    /** The sums of both row sets about this one's shift ({@code other} moved to it first). */
    public ShiftedMoments plus(ShiftedMoments other) {
        ShiftedMoments moved = other.about(shift);
        double[] addedSum = sum.clone();
        double[] added = products.clone();
        for (int i = 0; i < addedSum.length; i++) {
            addedSum[i] += moved.sum[i];
        }
        for (int i = 0; i < added.length; i++) {
            added[i] += moved.products[i];
        }
        return new ShiftedMoments(rows + other.rows, shift, addedSum, added);
    }

    /** One pass over {@code frame}'s rows, all of which count, for the moments of {@code values}. */
    public static ShiftedMoments compute(Dataset<Row> frame, Column[] values, SumsEngine engine) {
        return engine.total(sums(frame, values)).moments();
    }

    /** What {@link #compute} adds up, for plan checks. */
    public static RowSums sums(Dataset<Row> frame, Column[] values) {
        List<Column> perRow = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            perRow.add(values[i].as("moment_" + i));
            names.add("moment_" + i);
        }
        return new RowSums(frame.select(perRow.toArray(Column[]::new)), List.of(), List.of(), names);
    }

    /** These moments for a subset or reordering of the columns: column i of the result is {@code columns[i]}. */
    public ShiftedMoments select(int[] columns) {
        int m = size();
        int q = columns.length;
        double[] selectedShift = new double[q];
        double[] selectedSum = new double[q];
        double[] selectedProducts = new double[RowSums.packedSize(q)];
        for (int i = 0; i < q; i++) {
            selectedShift[i] = shift[columns[i]];
            selectedSum[i] = sum[columns[i]];
            for (int j = i; j < q; j++) {
                int a = Math.min(columns[i], columns[j]);
                int b = Math.max(columns[i], columns[j]);
                selectedProducts[RowSums.packedIndex(i, j, q)] = products[RowSums.packedIndex(a, b, m)];
            }
        }
        return new ShiftedMoments(rows, selectedShift, selectedSum, selectedProducts);
    }

    /** Whether every sum is a number (an overflow makes one infinite). */
    public boolean finite() {
        for (double[] values : List.of(sum, products)) {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
