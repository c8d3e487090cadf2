package org.cropsgd.data;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Per-column means of the training table, from one aggregate pass of per-partition sums added up in
 * partition order ({@link PartitionSums}; the RAPIDS Accelerator runs the pass on the GPU). Not Spark's
 * {@code avg}: its partial sums are merged in the order they arrive from the executors, so the means, and
 * everything trained around them, could differ in the last bits between two runs on a cluster. Spreads
 * come from the centred moments, which are computed around these means.
 */
public record TableStatistics(double[] featureMean, double[] labelMean) {

    public static TableStatistics of(TrainingTable table) {
        int d = table.featureCount();
        int k = table.labelCount();
        double[] total = PartitionSums.sumInPartitionOrder(plan(table));
        double rows = total[d + k];
        double[] mean = new double[d];
        double[] labelMean = new double[k];
        for (int j = 0; j < d; j++) {
            mean[j] = total[j] / rows;
        }
        for (int label = 0; label < k; label++) {
            labelMean[label] = total[d + label] / rows;
        }
        return new TableStatistics(mean, labelMean);
    }

    /** The sums of every feature and label, and the row count, per partition: the query of {@link #of}. */
    public static PartitionSums.Query plan(TrainingTable table) {
        List<Column> columns = new ArrayList<>();
        List<Column> sums = new ArrayList<>();
        for (int j = 0; j < table.featureCount(); j++) {
            columns.add(table.feature(j));
            sums.add(sum(table.feature(j)));
        }
        for (int k = 0; k < table.labelCount(); k++) {
            columns.add(table.label(k));
            sums.add(sum(table.label(k)));
        }
        columns.add(PartitionSums.partitionId());
        sums.add(count(lit(1)));
        return new PartitionSums.Query(table.frame().select(columns.toArray(Column[]::new)),
                sums.toArray(Column[]::new));
    }
}
