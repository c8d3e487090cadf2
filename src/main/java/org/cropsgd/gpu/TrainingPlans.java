package org.cropsgd.gpu;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cropsgd.config.UnknownGroupPolicy;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.gradient.GroupedPerEpochGradient;
import org.cropsgd.model.Standardization;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.train.GroupedFitter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.FitSettings;
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
        InputTable input = ConfiguredInput.read(spark, ConfiguredInput.withFormat(spark, config), out);
        TrainingTableLoader loader = new TrainingTableLoader(line -> {
            out.println(line);
            out.flush();
        });
        TrainingTable loaded = loader.load(input, settings);
        if (loaded.grouped()) {
            return groupedPlans(spark, input, loader, settings, loaded);
        }
        TrainingSetup setup = TrainingSetup.of(settings, loaded);
        TrainingTable table = setup.training();
        TableStatistics statistics = setup.statistics();
        List<NamedPlan> plans = new ArrayList<>();
        SumsEngine engine = SumsEngines.of(spark);
        for (Dataset<Row> query : engine.queries(loader.loadingPass(input, settings))) {
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
        // With the sample train's pictures take (--plots true, train's default).
        plans.add(new NamedPlan("final metrics", ModelEvaluator.plan(statistics, table, model,
                ModelEvaluator.SAMPLE_ROWS).perPartition()));
        plans.addAll(usePlans(input, new RegressionModel(table.featureNames(), table.labelNames(), model)));
        return plans;
    }

    /**
     * A grouped run's queries: the loading pass grouped by key, per epoch the one gradient pass of every group,
     * the anchor pass of the first group that needs one (a near-exact fit: each such group makes one), the one
     * scoring pass of every group, and grouped prediction.
     */
    private static List<NamedPlan> groupedPlans(SparkSession spark, InputTable input, TrainingTableLoader loader,
            FitSettings settings, TrainingTable loaded) {
        List<NamedPlan> plans = new ArrayList<>();
        for (Dataset<Row> query : SumsEngines.of(spark).queries(loader.loadingPass(input, settings))) {
            plans.add(new NamedPlan("loading pass, grouped (checks, column profiles, every group's moments)", query));
        }
        int d = loaded.featureCount();
        SortedMap<String, LinearModel> models = new TreeMap<>();
        Map<String, Standardization> units = new TreeMap<>();
        Optional<GradientSourcePlan.Query> anchor = Optional.empty();
        for (String group : loaded.groups().keySet()) {
            TrainingTable rows = loaded.group(group);
            LinearModel model = LinearModel.zeros(rows.labelCount(), d);
            models.put(group, model);
            // The units are literals in the broadcast table: the plan is the same whatever they are.
            units.put(group, Standardization.identity(d));
            if (anchor.isEmpty()) {
                anchor = new GradientSourcePlan(TrainingSetup.of(settings, rows), settings).anchorQuery(model);
            }
        }
        if (settings.strategy().resolve(d, false) == GradientStrategy.PER_EPOCH) {
            plans.add(new NamedPlan("gradient pass (per-epoch), every group's",
                    new GroupedPerEpochGradient(loaded, units).plan(models)));
        }
        anchor.ifPresent(query -> plans.add(new NamedPlan(query.name() + ", one group's", query.query())));
        // With the sample train's pictures take, as ungrouped.
        plans.add(new NamedPlan("final metrics of every group", GroupedFitter.scoringPlan(loaded, models,
                ModelEvaluator.SAMPLE_ROWS)));
        GroupedModel grouped = new GroupedModel(loaded.featureNames(), loaded.labelNames(),
                settings.grouping().columns(), Map.of(), models);
        plans.add(new NamedPlan("prediction (predict), grouped", PredictionQuery.grouped(grouped, input.rows(),
                List.of(input.rows().columns()), InvalidPredictionPolicy.ERROR, UnknownGroupPolicy.ERROR)));
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
