package org.cropsgd.data;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.stddev_pop;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * Per-column means and population standard deviations of the training table, from one aggregate pass.
 * Spark's {@code avg} and {@code stddev_pop} merge central moments, so they stay accurate for columns with
 * a large mean and a small spread.
 */
public record TableStatistics(double[] featureMean, double[] featureStddev, double[] labelMean) {

    public static TableStatistics of(TrainingTable table) {
        int d = table.featureCount();
        int k = table.labelCount();
        List<Column> aggregates = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            aggregates.add(avg(table.feature(j)));
            aggregates.add(stddev_pop(table.feature(j)));
        }
        for (int label = 0; label < k; label++) {
            aggregates.add(avg(table.label(label)));
        }
        Row row = table.frame()
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();
        double[] mean = new double[d];
        double[] stddev = new double[d];
        double[] labelMean = new double[k];
        for (int j = 0; j < d; j++) {
            mean[j] = row.getDouble(2 * j);
            stddev[j] = row.getDouble(2 * j + 1);
        }
        for (int label = 0; label < k; label++) {
            labelMean[label] = row.getDouble(2 * d + label);
        }
        return new TableStatistics(mean, stddev, labelMean);
    }
}
