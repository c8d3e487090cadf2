package org.cropsgd.moments;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one pass adds up over the rows of a frame, whichever {@link SumsEngine} runs it: the number of rows,
 * sums of some columns, a profile of others and the moments of others. The per-row columns (casts, flags)
 * are Spark SQL; what is done with them is this contract, which both engines implement and a test holds
 * them to.
 *
 * @param rows      the per-row frame, with the double columns named below
 * @param summed    columns (never null) summed over all rows
 * @param profiled  columns (null allowed) each profiled over all rows: see {@link ValueProfile}
 * @param products  columns (null allowed) whose moments are wanted, over the rows where every one of them is
 *                  finite (not null, NaN or infinite): the rows that "count"
 * @param anchoredLabels  k &gt; 0: the last k products are labels and the ones before them their features, and
 *                  an engine may add the moments of k more columns, the residuals of a least-squares fit to
 *                  each task's first rows ({@link TaskAnchor}; the CPU engine does, the Spark SQL one does
 *                  not); 0: no anchor
 * @param weight    a column (never null in a row that counts, ≥ 0) weighing each counted row's moments:
 *                  Σw, Σw(p − s), Σw(p − s)(p − s)ᵀ ({@link ShiftedMoments#weight}); empty: every row weighs 1
 * @param group     a string column (never null) whose every distinct value gets moments (and an anchor) of its
 *                  own, in {@link Totals#groups}, as well as the whole frame's sums and profiles; empty:
 *                  ungrouped
 */
public record RowSums(Dataset<Row> rows, List<String> summed, List<String> profiled, List<String> products,
                      int anchoredLabels, java.util.Optional<String> weight, java.util.Optional<String> group) {

    public RowSums {
        summed = List.copyOf(summed);
        profiled = List.copyOf(profiled);
        products = List.copyOf(products);
        if (anchoredLabels < 0 || anchoredLabels > products.size()) {
            throw new IllegalArgumentException("anchoredLabels " + anchoredLabels + " of " + products.size());
        }
    }

    /** Ungrouped sums. */
    public RowSums(Dataset<Row> rows, List<String> summed, List<String> profiled, List<String> products,
            int anchoredLabels, java.util.Optional<String> weight) {
        this(rows, summed, profiled, products, anchoredLabels, weight, java.util.Optional.empty());
    }

    /** Unweighted, ungrouped sums. */
    public RowSums(Dataset<Row> rows, List<String> summed, List<String> profiled, List<String> products,
            int anchoredLabels) {
        this(rows, summed, profiled, products, anchoredLabels, java.util.Optional.empty());
    }

    /** Unweighted sums without an anchor's residuals. */
    public RowSums(Dataset<Row> rows, List<String> summed, List<String> profiled, List<String> products) {
        this(rows, summed, profiled, products, 0);
    }

    /**
     * What a pass learns about one profiled column.
     *
     * @param nonNull       cells that are not null (NaN and infinities included)
     * @param invalid       cells that are null, NaN or infinite
     * @param sumOfSquares  Σx² over the finite cells
     * @param largest       the largest |x| over the finite cells (0 for none)
     */
    public record ValueProfile(long nonNull, long invalid, double sumOfSquares, double largest)
            implements java.io.Serializable {}

    /**
     * The totals over all rows, each partition's added in partition order, so that a result is the same on
     * every run.
     *
     * @param rows      the number of rows
     * @param summed    Σ of each summed column, in order
     * @param profiles  the profile of each profiled column, in order
     * @param moments   the product columns' moments about a shift, over the rows that count, then, with an
     *                  anchor, those of its residuals
     * @param anchor    the model whose residuals follow the products in {@code moments}, when the engine added
     *                  them up
     * @param groups    grouped: each group's totals (its rows, moments and anchor; no sums or profiles, which are
     *                  the whole frame's), by group value in ascending order
     */
    public record Totals(long rows, double[] summed, List<ValueProfile> profiles, ShiftedMoments moments,
                         java.util.Optional<ResidualAnchor> anchor, java.util.SortedMap<String, Totals> groups) {

        /** Ungrouped totals. */
        public Totals(long rows, double[] summed, List<ValueProfile> profiles, ShiftedMoments moments,
                java.util.Optional<ResidualAnchor> anchor) {
            this(rows, summed, profiles, moments, anchor, java.util.Collections.emptySortedMap());
        }

        /** Ungrouped totals without an anchor's residuals. */
        public Totals(long rows, double[] summed, List<ValueProfile> profiles, ShiftedMoments moments) {
            this(rows, summed, profiles, moments, java.util.Optional.empty());
        }
    }

    /** The number of packed products of {@code m} columns, m(m+1)/2. */
    public static int packedSize(int m) {
        return m * (m + 1) / 2;
    }

    /** Where (i, j), i ≤ j, sits in the packed products of {@code m} columns. */
    public static int packedIndex(int i, int j, int m) {
        return i * m - i * (i - 1) / 2 + (j - i);
    }
}
