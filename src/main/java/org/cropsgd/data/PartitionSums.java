package org.cropsgd.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;

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
     * which must have the {@link #PARTITION} column.
     */
    public record Query(Dataset<Row> rows, Column[] sums) {
        /** The query Spark runs: one row of sums per partition. */
        public Dataset<Row> perPartition() {
            return rows.groupBy(col(PARTITION)).agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length));
        }
    }

    /** The sum over all rows of each aggregate of {@code query}. */
    public static double[] sumInPartitionOrder(Query query) {
        Column[] sums = query.sums();
        List<Row> perPartition = query.perPartition().collectAsList();
        double[] total = new double[sums.length];
        perPartition.stream()
                .sorted(Comparator.comparingInt(row -> row.getInt(0)))
                .forEachOrdered(row -> {
                    for (int i = 0; i < total.length; i++) {
                        total[i] += ((Number) row.get(i + 1)).doubleValue();
                    }
                });
        return total;
    }
}
