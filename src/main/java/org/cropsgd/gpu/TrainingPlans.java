package org.cropsgd.gpu;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.data.TrainingTableLoader;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.MiniBatchGradient;
import org.cropsgd.gradient.PerEpochGradient;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;
import org.cropsgd.train.TrainingSetup;

/**
 * The Spark SQL queries a {@code train} run with the same options runs over the data, from the same
 * {@link TrainingSetup} and building blocks as {@link org.cropsgd.train.TrainingRun}, without training: the means, the centred moments,
 * the gradient pass (per-epoch) or anchor pass (sufficient-stats), mini-batch and validation passes, and
 * the final metrics. The weights in them are zeros: literals change each epoch, the plan does not.
 */
public final class TrainingPlans {
    /** One query with the name the check reports it under. */
    public record NamedPlan(String name, Dataset<Row> query) {}

    private TrainingPlans() {}

    public static List<NamedPlan> of(SparkSession spark, TrainConfig config, PrintWriter out) {
        TrainingTable loaded = new TrainingTableLoader(spark, out).load(config);
        TrainingSetup setup = TrainingSetup.of(config, loaded);
        TrainingTable table = setup.training();
        TableStatistics statistics = setup.statistics();
        Standardization standardization = setup.standardization();
        GradientStrategy strategy = setup.strategy();
        List<NamedPlan> plans = new ArrayList<>();
        plans.add(new NamedPlan("column means", TableStatistics.plan(table).perPartition()));
        plans.add(new NamedPlan("centred moments", CentredMoments.plan(table, statistics).perPartition()));
        LinearModel model = LinearModel.zeros(table.labelCount(), table.featureCount());

        PerEpochGradient gradient = new PerEpochGradient(table, standardization, config.intercept());
        plans.add(new NamedPlan(strategy == GradientStrategy.SUFFICIENT_STATS
                ? "anchor residual sums (sufficient-stats)" : "gradient pass (per-epoch)",
                gradient.plan(model).perPartition()));
        if (setup.miniBatches()) {
            MiniBatchGradient batches = new MiniBatchGradient(table, standardization, config.intercept(),
                    config.batchFraction(), config.seed());
            plans.add(new NamedPlan("mini-batch gradient pass", batches.plan(model).perPartition()));
        }
        if (setup.validation().isPresent()) {
            TrainingTable validation = setup.validation().get();
            PerEpochGradient held = new PerEpochGradient(validation, standardization, config.intercept());
            if (strategy == GradientStrategy.SUFFICIENT_STATS) {
                plans.add(new NamedPlan("validation centred moments",
                        CentredMoments.plan(validation, statistics).perPartition()));
            }
            plans.add(new NamedPlan(strategy == GradientStrategy.SUFFICIENT_STATS
                    ? "validation anchor residual sums" : "validation loss pass", held.plan(model).perPartition()));
        }
        plans.add(new NamedPlan("final metrics", ModelEvaluator.plan(statistics, table, model).perPartition()));
        return plans;
    }
}
