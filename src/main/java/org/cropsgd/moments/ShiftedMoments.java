package org.cropsgd.moments;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Sums of m columns about a shift s known before the pass, over the rows that count: n, Σ(v − s) and
 * Σ(v_i − s_i)(v_j − s_j) for i ≤ j (packed as {@link RowSums#packedIndex}). Centring at a value close to
 * the data keeps the second moments accurate for a column with a large mean and a small spread; the exact
 * correction to the mean is {@link org.cropsgd.gradient.CentredMoments}'s. The shift is the first row:
 * known from reading one row, and within the data's spread.
 */
public record ShiftedMoments(long rows, double[] shift, double[] sum, double[] products) {
    /** The per-row column that is 1 for a row that counts, 0 otherwise. */
    public static final String COUNT = "moment_n";

    public int size() {
        return shift.length;
    }

    /** The per-row columns the pass reads: {@code valid ? v_i − s_i : 0}, named {@link #column}. */
    public static List<Column> perRow(Column[] values, Column valid, double[] shift) {
        List<Column> columns = new ArrayList<>();
        columns.add(when(valid, lit(1.0)).otherwise(lit(0.0)).as(COUNT));
        for (int i = 0; i < values.length; i++) {
            columns.add(when(valid, values[i].minus(lit(shift[i]))).otherwise(lit(0.0)).as(column(i)));
        }
        return columns;
    }

    /** The summed columns: {@link #COUNT}, then every centred value. */
    public static List<String> summed(int m) {
        List<String> names = new ArrayList<>();
        names.add(COUNT);
        names.addAll(products(m));
        return names;
    }

    /** The product columns: every centred value. */
    public static List<String> products(int m) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            names.add(column(i));
        }
        return names;
    }

    /** The moments out of a pass's totals, whose summed columns start with {@link #summed} at {@code from}. */
    public static ShiftedMoments of(double[] shift, RowSums.Totals totals, int from) {
        int m = shift.length;
        double[] sum = new double[m];
        System.arraycopy(totals.summed(), from + 1, sum, 0, m);
        return new ShiftedMoments(Math.round(totals.summed()[from]), shift, sum, totals.products());
    }

    /**
     * One pass over {@code frame}'s rows (all count) for the moments of {@code values}, shifted by the first
     * row's values.
     */
    public static ShiftedMoments compute(Dataset<Row> frame, Column[] values, SumsEngine engine) {
        double[] shift = firstRow(frame, values);
        return of(shift, engine.total(sums(frame, values, shift)), 0);
    }

    /** The query of {@link #compute}, for plan checks. */
    public static RowSums sums(Dataset<Row> frame, Column[] values, double[] shift) {
        List<Column> perRow = new ArrayList<>();
        perRow.add(org.cropsgd.data.PartitionSums.partitionId());
        perRow.addAll(perRow(values, lit(true), shift));
        return new RowSums(frame.select(perRow.toArray(Column[]::new)), summed(values.length), List.of(),
                products(values.length));
    }

    /**
     * The shift: the values of the first row, 0 where a value is null, NaN or infinite (or there is no
     * row). Reading one row is a small Spark job that reads the first part of one file.
     */
    public static double[] firstRow(Dataset<Row> frame, Column[] values) {
        Column[] asDouble = new Column[values.length];
        for (int i = 0; i < values.length; i++) {
            asDouble[i] = values[i].cast(DataTypes.DoubleType);
        }
        List<Row> first = frame.select(asDouble).limit(1).collectAsList();
        double[] shift = new double[values.length];
        if (!first.isEmpty()) {
            for (int i = 0; i < shift.length; i++) {
                Object value = first.get(0).get(i);
                shift[i] = value instanceof Double d && Double.isFinite(d) ? d : 0;
            }
        }
        return shift;
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

    private static String column(int i) {
        return "moment_" + i;
    }
}
