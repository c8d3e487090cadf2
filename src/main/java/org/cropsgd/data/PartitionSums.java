package org.cropsgd.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Column sums computed per partition by Spark SQL ({@code GROUP BY spark_partition_id()}) and added up on
 * the driver in partition order. The order is fixed, so the result is the same on every run, whatever
 * order the partitions' results arrive in.
 */
public final class PartitionSums {
    /** The name of the partition id column that callers select into their per-row frame. */
    public static final String PARTITION = "__partition";

    private PartitionSums() {}

    /** {@code spark_partition_id()} named {@link #PARTITION}. */
    public static Column partitionId() {
        return spark_partition_id().as(PARTITION);
    }

    /**
     * Sums over per-row columns: {@code sums} are {@code sum(...)} or {@code count(...)} over {@code rows},
     * which must have the {@link #PARTITION} column; {@code collected} are other aggregates per partition
     * (such as a {@code collect_list} of sampled rows), after the sums.
     */
    public record Query(Dataset<Row> rows, Column[] sums, List<Column> collected) {
        public Query(Dataset<Row> rows, Column[] sums) {
            this(rows, sums, List.of());
        }

        /** The query Spark runs: one row of sums (and collected values) per partition. */
        public Dataset<Row> perPartition() {
            List<Column> aggregates = new ArrayList<>(Arrays.asList(sums).subList(1, sums.length));
            aggregates.addAll(collected);
            return rows.groupBy(col(PARTITION)).agg(sums[0], aggregates.toArray(Column[]::new));
        }
    }

    /** The sum over all rows of each aggregate of {@code query}. */
    public static double[] sumInPartitionOrder(Query query) {
        return sum(inPartitionOrder(query), query.sums().length);
    }

    /** {@code query}'s rows, one per partition, in partition order: the partition, the sums, the collected values. */
    public static List<Row> inPartitionOrder(Query query) {
        List<Row> perPartition = new ArrayList<>(query.perPartition().collectAsList());
        perPartition.sort(Comparator.comparingInt(row -> row.getInt(0)));
        return perPartition;
    }

    /** The first {@code count} sums of {@code perPartition} (in partition order) added up in that order. */
    public static double[] sum(List<Row> perPartition, int count) {
        return sum(perPartition, 1, count);
    }

    /**
     * The {@code count} sums from column {@code first} on of {@code perPartition}'s rows (in partition order),
     * added up in that order.
     */
    public static double[] sum(List<Row> perPartition, int first, int count) {
        double[] total = new double[count];
        for (Row row : perPartition) {
            for (int i = 0; i < count; i++) {
                total[i] += ((Number) row.get(first + i)).doubleValue();
            }
        }
        return total;
    }
}
