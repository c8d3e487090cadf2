package org.cropsgd.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.cropsgd.data.PartitionSums;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.gradient.ModelColumns;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;

/**
 * Scores the final model, in original units, on the training rows: one Spark SQL pass for the per-label
 * MSE, RMSE, MAE and R². (The run's loss is the one its gradient source measured after the last step.)
 */
public final class ModelEvaluator {
    private ModelEvaluator() {}

    /** The metrics of each label, keyed by label name in label order. */
    public record Evaluation(Map<String, LabelMetrics> perLabel) {}

    public static Evaluation evaluate(TrainingTable table, TableStatistics statistics, LinearModel model) {
        double[] total = PartitionSums.sumInPartitionOrder(plan(statistics, table, model));
        int k = table.labelCount();
        double n = table.rows();
        Map<String, LabelMetrics> perLabel = new LinkedHashMap<>();
        for (int label = 0; label < k; label++) {
            double sse = total[3 * label];
            double sst = total[3 * label + 2];
            double mse = sse / n;
            perLabel.put(table.labelNames().get(label),
                    new LabelMetrics(mse, Math.sqrt(mse), total[3 * label + 1] / n,
                            sst > 0 ? Double.valueOf(1.0 - sse / sst) : null));
        }
        return new Evaluation(perLabel);
    }

    /** The query of {@link #evaluate}: per label Σ r², Σ |r|, Σ (y − ȳ)². */
    public static PartitionSums.Query plan(TableStatistics statistics, TrainingTable table, LinearModel model) {
        int k = table.labelCount();
        Column[] x = ModelColumns.trainingFeatures(table, Standardization.identity(table.featureCount()));
        List<Column> perRow = new ArrayList<>();
        perRow.add(PartitionSums.partitionId());
        List<Column> sums = new ArrayList<>();
        for (int label = 0; label < k; label++) {
            Column r = ModelColumns.residual(model, label, x, table.label(label)).as("r" + label);
            Column centred = table.label(label).minus(lit(statistics.labelMean()[label])).as("c" + label);
            perRow.add(r);
            perRow.add(centred);
            sums.add(sum(col("r" + label).multiply(col("r" + label))));
            sums.add(sum(abs(col("r" + label))));
            sums.add(sum(col("c" + label).multiply(col("c" + label))));
        }
        return new PartitionSums.Query(table.frame().select(perRow.toArray(Column[]::new)),
                sums.toArray(Column[]::new));
    }
}
