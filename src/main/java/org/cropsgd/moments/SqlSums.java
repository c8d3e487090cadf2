package org.cropsgd.moments;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.LoadingPass;
import org.cropsgd.data.PartitionSums;

/**
 * {@link RowSums} as plain Spark SQL aggregates grouped by partition id, added up on the driver in
 * partition order: the engine of GPU runs, since the RAPIDS Accelerator runs every operator of it. The
 * moments are taken about the first counted row, read by a small query before the pass.
 */
public final class SqlSums implements SumsEngine {

    @Override
    public RowSums.Totals total(RowSums sums) {
        double[] shift = firstCounted(sums);
        int s = sums.summed().size();
        int p = sums.profiled().size();
        int m = sums.products().size();
        List<Row> perPartition = new ArrayList<>(query(sums, shift).collectAsList());
        perPartition.sort(Comparator.comparingInt(row -> row.getInt(0)));
        long rows = 0;
        double[] summed = new double[s];
        long[] nonNull = new long[p];
        long[] invalid = new long[p];
        double[] squares = new double[p];
        double[] largest = new double[p];
        long counted = 0;
        double[] sum = new double[m];
        double[] products = new double[RowSums.packedSize(m)];
        for (Row row : perPartition) {
            int at = 1;
            rows += row.getLong(at++);
            for (int i = 0; i < s; i++) {
                summed[i] += row.getDouble(at++);
            }
            for (int i = 0; i < p; i++) {
                nonNull[i] += row.getLong(at++);
                invalid[i] += row.getLong(at++);
                squares[i] += row.getDouble(at++);
                largest[i] = Math.max(largest[i], row.getDouble(at++));
            }
            counted += row.getLong(at++);
            for (int i = 0; i < m; i++) {
                sum[i] += row.getDouble(at++);
            }
            for (int i = 0; i < products.length; i++) {
                products[i] += row.getDouble(at++);
            }
        }
        List<RowSums.ValueProfile> profiles = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            profiles.add(new RowSums.ValueProfile(nonNull[i], invalid[i], squares[i], largest[i]));
        }
        return new RowSums.Totals(rows, summed, profiles, new ShiftedMoments(counted, shift, sum, products));
    }

    @Override
    public List<Dataset<Row>> queries(RowSums sums) {
        return List.of(query(sums, firstCounted(sums)));
    }

    /** Every product column finite: the rows whose products count. */
    private static Column counts(RowSums sums) {
        return not(LoadingPass.anyInvalid(sums.products().stream().map(name -> col(name)).toList()));
    }

    /** The product columns of the first row that counts (zeros if none does): the shift of the moments. */
    private static double[] firstCounted(RowSums sums) {
        Column[] products = sums.products().stream().map(name -> col(name)).toArray(Column[]::new);
        double[] shift = new double[products.length];
        if (products.length == 0) {
            return shift;
        }
        List<Row> first = sums.rows().filter(counts(sums)).select(products).limit(1).collectAsList();
        for (int i = 0; !first.isEmpty() && i < shift.length; i++) {
            shift[i] = first.get(0).getDouble(i);
        }
        return shift;
    }

    /**
     * Per partition: the rows, the summed columns' sums, each profiled column's profile, then the counted
     * rows, Σ (p − s) and Σ (p_i − s_i)(p_j − s_j) over them.
     */
    private static Dataset<Row> query(RowSums sums, double[] shift) {
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(count(lit(1)));
        for (String name : sums.summed()) {
            aggregates.add(sum(col(name)));
        }
        for (String name : sums.profiled()) {
            Column v = col(name);
            Column finite = not(LoadingPass.isInvalid(v));
            aggregates.add(count(v));
            aggregates.add(count(when(LoadingPass.isInvalid(v), lit(true))));
            aggregates.add(coalesce(sum(when(finite, v.multiply(v))), lit(0.0)));
            aggregates.add(coalesce(max(when(finite, abs(v))), lit(0.0)));
        }
        Column counts = counts(sums);
        aggregates.add(count(when(counts, lit(true))));
        List<String> p = sums.products();
        Column[] centred = new Column[p.size()];
        for (int i = 0; i < p.size(); i++) {
            centred[i] = when(counts, col(p.get(i)).minus(lit(shift[i]))).otherwise(lit(0.0));
            aggregates.add(sum(centred[i]));
        }
        for (int i = 0; i < p.size(); i++) {
            for (int j = i; j < p.size(); j++) {
                aggregates.add(sum(centred[i].multiply(centred[j])));
            }
        }
        return sums.rows().withColumn(PartitionSums.PARTITION, spark_partition_id())
                .groupBy(col(PartitionSums.PARTITION))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    }
}
