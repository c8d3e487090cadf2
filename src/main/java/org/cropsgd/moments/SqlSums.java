package org.cropsgd.moments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;

/**
 * {@link RowSums} as plain Spark SQL aggregates grouped by partition id, added up on the driver in
 * partition order ({@link PartitionSums}): the engine of GPU runs, since the RAPIDS Accelerator runs
 * every operator of it.
 */
public final class SqlSums implements SumsEngine {

    @Override
    public RowSums.Totals total(RowSums sums) {
        int s = sums.summed().size();
        int x = sums.maxed().size();
        double[] summed = new double[s];
        double[] maxed = new double[x];
        double[] products = new double[RowSums.packedSize(sums.products().size())];
        List<Row> perPartition = new ArrayList<>(query(sums).perPartition().collectAsList());
        perPartition.sort(Comparator.comparingInt(row -> row.getInt(0)));
        for (Row row : perPartition) {
            for (int i = 0; i < s; i++) {
                summed[i] += row.getDouble(1 + i);
            }
            for (int i = 0; i < x; i++) {
                maxed[i] = Math.max(maxed[i], row.getDouble(1 + s + i));
            }
            for (int i = 0; i < products.length; i++) {
                products[i] += row.getDouble(1 + s + x + i);
            }
        }
        return new RowSums.Totals(summed, maxed, products);
    }

    @Override
    public List<Dataset<Row>> queries(RowSums sums) {
        return List.of(query(sums).perPartition());
    }

    private static PartitionSums.Query query(RowSums sums) {
        List<Column> aggregates = new ArrayList<>();
        for (String name : sums.summed()) {
            aggregates.add(sum(col(name)));
        }
        for (String name : sums.maxed()) {
            aggregates.add(coalesce(max(col(name)), lit(0.0)));
        }
        List<String> p = sums.products();
        for (int i = 0; i < p.size(); i++) {
            for (int j = i; j < p.size(); j++) {
                aggregates.add(sum(col(p.get(i)).multiply(col(p.get(j)))));
            }
        }
        return new PartitionSums.Query(sums.rows(), aggregates.toArray(Column[]::new));
    }
}
