package org.cropsgd.moments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;

/**
 * The narrow layout of {@link SqlSums}: one row per partition with every sum, max and product in its own
 * field — (partition, Σ summed…, max maxed…, Σ p_i·p_j for i ≤ j, packed). Fast while these fields stay
 * within Spark's code generation limit ({@link #fields}).
 */
final class SingleAggregate implements SqlSums.Shape {
    private final FlatSums sums;

    SingleAggregate(FlatSums sums) {
        this.sums = sums;
    }

    /** The fields of a result row. */
    static int fields(FlatSums sums) {
        return 1 + sums.summed().size() + sums.maxed().size() + RowSums.packedSize(sums.products().size());
    }

    @Override
    public Dataset<Row> query() {
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
        return sums.aggregate(sums.rows(), List.of(col(PartitionSums.PARTITION)), aggregates);
    }

    @Override
    public void addTo(FlatSums.Totals totals, Row row) {
        int at = 1;
        for (int i = 0; i < totals.summed().length; i++) {
            totals.summed()[i] += row.getDouble(at++);
        }
        for (int i = 0; i < totals.maxed().length; i++) {
            totals.maxed()[i] = Math.max(totals.maxed()[i], row.getDouble(at++));
        }
        for (int i = 0; i < totals.products().length; i++) {
            totals.products()[i] += row.getDouble(at++);
        }
    }
}
