package org.cropsgd.moments;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;

/**
 * {@link SqlSums}'s form of a {@link RowSums}: everything reduced to plain sums, maxima and products of
 * per-row columns, which its two layouts ({@link SingleAggregate}, {@link TiledAggregate}) add up per
 * partition.
 *
 * @param rows      the per-row frame, with {@link PartitionSums#PARTITION}
 * @param summed    columns summed
 * @param maxed     non-negative columns whose largest value is wanted
 * @param products  columns whose pairwise products Σ p_i·p_j (i ≤ j) are summed
 */
record FlatSums(Dataset<Row> rows, List<String> summed, List<String> maxed, List<String> products) {

    /** Σ of each summed column, the largest of each maxed one, Σ p_i·p_j packed as {@link RowSums#packedIndex}. */
    record Totals(double[] summed, double[] maxed, double[] products) {}
}
