package org.cropsgd.gpu;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.FitSettings;
import org.cropsgd.errors.Errors;
import org.cropsgd.config.InvalidPredictionPolicy;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.data.ConfiguredInput;
import org.cropsgd.data.InputTable;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.data.TrainingTableLoader;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.job.PredictionQuery;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;
import org.cropsgd.moments.SumsEngine;
import org.cropsgd.moments.SumsEngines;
import org.cropsgd.train.GradientSourcePlan;
import org.cropsgd.train.TrainingSetup;

/**
 * The Spark SQL queries a {@code train} run with the same options runs over the data, from the same
 * {@link TrainingSetup} and {@link GradientSourcePlan} as {@link org.cropsgd.train.Fitter}, without training:
 * the loading pass (with the moments), the centred moments when they need a pass of their own, the
 * gradient sources' passes and the final metrics — and the query
 * {@code predict} runs with the model over the same input. The weights in them
 * are zeros: literals change each epoch, the plan does not.
 */
public final class TrainingPlans {
    /** One query with the name the check reports it under. */
    public record NamedPlan(String name, Dataset<Row> query) {}

    private TrainingPlans() {}

    public static List<NamedPlan> of(SparkSession spark, TrainConfig config, PrintWriter out) {
        FitSettings settings = config.fit();
        if (settings.grouping().grouped()) {
            // Grouped training adds up its groups on the CPU: no plan of it is the GPU's to check yet.
            throw Errors.groupsNeedCpuEngine();
        }
        InputTable input = ConfiguredInput.read(spark, ConfiguredInput.withFormat(spark, config), out);
        TrainingTableLoader loader = new TrainingTableLoader(line -> {
            out.println(line);
            out.flush();
        });
        TrainingTable loaded = loader.load(input, settings);
        TrainingSetup setup = TrainingSetup.of(settings, loaded);
        TrainingTable table = setup.training();
        TableStatistics statistics = setup.statistics();
        List<NamedPlan> plans = new ArrayList<>();
        SumsEngine engine = SumsEngines.of(spark);
        for (Dataset<Row> query : engine.queries(loader.loadingPass(input, settings.features(), settings.labels(),
                settings.weightColumn()))) {
            plans.add(new NamedPlan("loading pass (checks, column profiles, moments)", query));
        }
        if (setup.momentsPass()) {
            for (Dataset<Row> query : engine.queries(CentredMoments.plan(table))) {
                plans.add(new NamedPlan("centred moments", query));
            }
        }
        LinearModel model = LinearModel.zeros(table.labelCount(), table.featureCount());
        for (GradientSourcePlan.Query query : new GradientSourcePlan(setup, settings).queries(model)) {
            plans.add(new NamedPlan(query.name(), query.query()));
        }
        plans.add(new NamedPlan("final metrics", ModelEvaluator.plan(statistics, table, model).perPartition()));
        plans.addAll(usePlans(input, new RegressionModel(table.featureNames(), table.labelNames(), model)));
        return plans;
    }

    /**
     * The query of putting {@code model} to use on the input's named columns: what {@code predict} writes
     * with its defaults (every input column kept, {@code --invalid error}'s check inside the projection).
     */
    private static List<NamedPlan> usePlans(InputTable input, RegressionModel model) {
        Dataset<Row> rows = input.rows();
        return List.of(new NamedPlan("prediction (predict)", PredictionQuery.of(model, rows,
                List.of(rows.columns()), InvalidPredictionPolicy.ERROR)));
    }
}
