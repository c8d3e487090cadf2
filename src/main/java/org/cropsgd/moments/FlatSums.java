package org.cropsgd.moments;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
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
 * @param group     grouped: a string column; every aggregate row is then of one group too, which it ends with
 */
record FlatSums(Dataset<Row> rows, List<String> summed, List<String> maxed, List<String> products,
                java.util.Optional<String> group) {

    /** Σ of each summed column, the largest of each maxed one, Σ p_i·p_j packed as {@link RowSums#packedIndex}. */
    record Totals(double[] summed, double[] maxed, double[] products) {
        static Totals empty(FlatSums sums) {
            return new Totals(new double[sums.summed().size()], new double[sums.maxed().size()],
                    new double[RowSums.packedSize(sums.products().size())]);
        }
    }

    /**
     * {@code rows} aggregated by {@code keys} (and the group, when grouped) into {@code aggregates}: the keys,
     * the aggregates, then the group, so that a layout reads its values at the same places either way.
     */
    Dataset<Row> aggregate(Dataset<Row> rows, List<Column> keys, List<Column> aggregates) {
        List<Column> by = new java.util.ArrayList<>(keys);
        group.ifPresent(g -> by.add(functions.col(g)));
        Dataset<Row> aggregated = rows.groupBy(by.toArray(Column[]::new))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        if (group.isEmpty()) {
            return aggregated;
        }
        List<Column> reordered = new java.util.ArrayList<>();
        for (String name : aggregated.columns()) {
            if (!name.equals(group.get())) {
                reordered.add(aggregated.col(QUOTE + name + QUOTE));
            }
        }
        reordered.add(functions.col(group.get()));
        return aggregated.select(reordered.toArray(Column[]::new));
    }

    private static final String QUOTE = "`";
}
