package org.cropsgd.moments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
        int x = sums.maxed().size();
        int m = sums.products().size();
        double[] summed = new double[s];
        double[] maxed = new double[x];
        double[] moments = new double[1 + m + RowSums.packedSize(m)];
        List<Row> perPartition = new ArrayList<>(query(sums, shift).collectAsList());
        perPartition.sort(Comparator.comparingInt(row -> row.getInt(0)));
        for (Row row : perPartition) {
            for (int i = 0; i < s; i++) {
                summed[i] += row.getDouble(1 + i);
            }
            for (int i = 0; i < x; i++) {
                maxed[i] = Math.max(maxed[i], row.getDouble(1 + s + i));
            }
            for (int i = 0; i < moments.length; i++) {
                moments[i] += row.getDouble(1 + s + x + i);
            }
        }
        return new RowSums.Totals(summed, maxed, new ShiftedMoments(Math.round(moments[0]), shift,
                Arrays.copyOfRange(moments, 1, 1 + m), Arrays.copyOfRange(moments, 1 + m, moments.length)));
    }

    @Override
    public List<Dataset<Row>> queries(RowSums sums) {
        return List.of(query(sums, firstCounted(sums)));
    }

    /** The product columns of the first row that counts (zeros if none does): the shift of the moments. */
    private static double[] firstCounted(RowSums sums) {
        Column[] products = sums.products().stream().map(name -> col(name)).toArray(Column[]::new);
        List<Row> first = sums.rows().filter(col(sums.count()).gt(0)).select(products).limit(1).collectAsList();
        double[] shift = new double[products.length];
        for (int i = 0; !first.isEmpty() && i < shift.length; i++) {
            shift[i] = first.get(0).getDouble(i);
        }
        return shift;
    }

    /**
     * Per partition: the summed columns' sums, the maxed columns' largest values, the count, Σ (p − s) and
     * Σ (p_i − s_i)(p_j − s_j) over the counted rows.
     */
    private static Dataset<Row> query(RowSums sums, double[] shift) {
        List<Column> aggregates = new ArrayList<>();
        for (String name : sums.summed()) {
            aggregates.add(sum(col(name)));
        }
        for (String name : sums.maxed()) {
            aggregates.add(coalesce(max(col(name)), lit(0.0)));
        }
        Column counted = col(sums.count()).gt(0);
        aggregates.add(sum(col(sums.count())));
        List<String> p = sums.products();
        Column[] centred = new Column[p.size()];
        for (int i = 0; i < p.size(); i++) {
            centred[i] = when(counted, col(p.get(i)).minus(lit(shift[i]))).otherwise(lit(0.0));
            aggregates.add(sum(centred[i]));
        }
        for (int i = 0; i < p.size(); i++) {
            for (int j = i; j < p.size(); j++) {
                aggregates.add(sum(centred[i].multiply(centred[j])));
            }
        }
        return sums.rows().groupBy(col(PartitionSums.PARTITION))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    }
}
