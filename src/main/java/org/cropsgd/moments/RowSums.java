package org.cropsgd.moments;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;

/**
 * What one pass adds up over the rows of a frame, whichever {@link SumsEngine} runs it. The frame is a
 * projection: every per-row decision (casts, validity, which rows count) is made in its Spark SQL columns,
 * so that the engines differ only in how they add up, never in what.
 *
 * @param rows      the per-row frame: double columns (no nulls) named below, and {@link PartitionSums#PARTITION}
 * @param summed    columns summed over all rows
 * @param maxed     non-negative columns whose largest value is wanted (0 for no rows)
 * @param products  columns p_0..p_(m-1) whose moments are wanted, over the rows where {@code count} is 1
 * @param count     a column that is 1 for a row whose products count and 0 for one whose do not
 */
public record RowSums(Dataset<Row> rows, List<String> summed, List<String> maxed, List<String> products,
                      String count) {

    public RowSums {
        summed = List.copyOf(summed);
        maxed = List.copyOf(maxed);
        products = List.copyOf(products);
    }

    /**
     * The totals over all rows, each partition's added in partition order, so that a result is the same on
     * every run.
     *
     * @param summed   Σ of each summed column, in order
     * @param maxed    the largest value of each maxed column, in order
     * @param moments  the product columns' moments about a shift, over the rows that count
     */
    public record Totals(double[] summed, double[] maxed, ShiftedMoments moments) {}

    /** The number of packed products of {@code m} columns, m(m+1)/2. */
    public static int packedSize(int m) {
        return m * (m + 1) / 2;
    }

    /** Where (i, j), i ≤ j, sits in the packed products of {@code m} columns. */
    public static int packedIndex(int i, int j, int m) {
        return i * m - i * (i - 1) / 2 + (j - i);
    }
}
