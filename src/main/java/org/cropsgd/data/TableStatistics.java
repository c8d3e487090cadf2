package org.cropsgd.data;

import static org.apache.spark.sql.functions.avg;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-column means of the training table, from one aggregate pass ({@code avg}, which the RAPIDS
 * Accelerator runs on the GPU). Spreads come from the centred moments, which are computed around these.
 */
public record TableStatistics(double[] featureMean, double[] labelMean) {

    public static TableStatistics of(TrainingTable table) {
        int d = table.featureCount();
        Row row = plan(table).first();
        double[] mean = new double[d];
        double[] labelMean = new double[table.labelCount()];
        for (int j = 0; j < d; j++) {
            mean[j] = row.getDouble(j);
        }
        for (int k = 0; k < labelMean.length; k++) {
            labelMean[k] = row.getDouble(d + k);
        }
        return new TableStatistics(mean, labelMean);
    }

    /** The aggregate query of {@link #of}, for plan checks. */
    public static Dataset<Row> plan(TrainingTable table) {
        List<Column> aggregates = new ArrayList<>();
        for (int j = 0; j < table.featureCount(); j++) {
            aggregates.add(avg(table.feature(j)));
        }
        for (int k = 0; k < table.labelCount(); k++) {
            aggregates.add(avg(table.label(k)));
        }
        return table.frame().agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    }
}
