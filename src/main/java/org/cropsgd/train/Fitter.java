package org.cropsgd.train;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.OptionNames;
import org.cropsgd.config.WarmStart;
import org.cropsgd.data.InputTable;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.data.TrainingTableLoader;
import org.cropsgd.errors.Errors;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;
import org.cropsgd.model.Standardization;
import org.cropsgd.optim.LearningRate;
import org.cropsgd.optim.Optimizers;

/**
 * The core of cropsgd: fits a multi-output linear regression to the named columns of a DataFrame and
 * returns the model in the units of those columns, with its history and metrics. It reads no path, writes
 * nothing and prints nothing: what happens along the way, and the checkpoints, go through the
 * {@link FitListener} the caller supplies. The {@code train} command, {@code gpu-check} (through
 * {@link TrainingSetup} and {@link GradientSourcePlan}) and any other caller all train through here.
 *
 * <p>One fit: select, cast, check and cache the columns; hold out the validation rows; settle the units
 * and the strategy; resolve the learning rate; train (from the listener's state when it has one); score
 * the model in original units on the training rows. Bad input and divergence throw a
 * {@link org.cropsgd.errors.CropSgdException} with the message and exit code the command line reports.
 */
public final class Fitter {
    private Fitter() {}

    /** Fits {@code rows} (a DataFrame; messages call it "DataFrame") as {@code settings} say. */
    public static FitResult fit(Dataset<Row> rows, FitSettings settings, FitListener listener) {
        return fit(InputTable.of(rows), settings, listener);
    }

    /** Fits {@code input} as {@code settings} say. */
    public static FitResult fit(InputTable input, FitSettings settings, FitListener listener) {
        TrainingTable table = new TrainingTableLoader(listener::info).load(input, settings);
        try {
            Optional<TrainingState> resumed = listener.stateToResume();
            return train(settings, table, resumed, listener);
        } finally {
            table.release();
        }
    }

    private static FitResult train(FitSettings settings, TrainingTable loaded, Optional<TrainingState> resumed,
            FitListener listener) {
        Trained trained = trainModel(settings, loaded, resumed, listener);
        TrainingSetup setup = trained.setup();
        TrainingTable table = setup.training();
        TrainingResult result = trained.result();
        LinearModel model = trained.model();
        ModelEvaluator.Scored scored = ModelEvaluator.evaluate(table, setup.statistics(), model,
                listener.sampleRows());
        ModelEvaluator.Evaluation evaluation = scored.evaluation();
        TrainingHistory.Series history = result.history();
        int last = history.size() - 1;
        FitMetrics metrics = new FitMetrics(history.loss()[last], trained.ridge().value(result.model()),
                history.validation() == null ? null : history.validation()[last], result.epochs(),
                result.stopReason(), table.rows(), table.dropped(),
                setup.validation().map(TrainingTable::rows).orElse(0L), evaluation.perLabel(), setup.strategy(),
                trained.plan().dataPasses(trained.sources()), trained.learningRate(), result.seconds(),
                trained.warnings().messages(), trained.statistics());
        return new FitResult(new RegressionModel(table.featureNames(), table.labelNames(), model), history,
                metrics, scored.sample());
    }

    /**
     * A trained model before its final metrics: what a grouped fit makes per group, and an ungrouped fit
     * scores.
     *
     * @param model       in the input's units
     * @param statistics  the least-squares fit's coefficient statistics (empty past the widths they are made for)
     */
    record Trained(TrainingSetup setup, GradientSourcePlan plan, GradientSourcePlan.Sources sources,
                   LearningRate learningRate, RunWarnings warnings, RidgePenalty ridge, TrainingResult result,
                   LinearModel model, Map<String, CoefficientStatistics.LabelStatistics> statistics) {}

    /** Sets up, trains and converts {@code loaded}'s model, with no pass for metrics. */
    static Trained trainModel(FitSettings settings, TrainingTable loaded, Optional<TrainingState> resumed,
            FitListener listener) {
        Prepared prepared = prepare(settings, loaded, resumed, listener);
        return prepared.finish(prepared.trainer().train(prepared.start(), settings.epochs()), listener);
    }

    /**
     * A fit set up to its first step: its setup, sources, learning rate and checks done, its trainer made.
     *
     * @param start  the state training starts from (the resumed one, or epoch 0)
     */
    record Prepared(TrainingSetup setup, GradientSourcePlan plan, GradientSourcePlan.Sources sources,
                    LearningRate learningRate, RunWarnings warnings, RidgePenalty ridge, Trainer trainer,
                    TrainingState start) {

        /** {@code result} (the trainer's, from {@link #start}) in the input's units, with its statistics. */
        Trained finish(TrainingResult result, FitListener listener) {
            LinearModel model = setup.standardization().toOriginalUnits(result.model());
            return new Trained(setup, plan, sources, learningRate, warnings, ridge, result, model,
                    statistics(setup, plan, listener));
        }
    }

    /** Everything before the first step: units, strategy, sources, learning rate, checks, starting state. */
    static Prepared prepare(FitSettings settings, TrainingTable loaded, Optional<TrainingState> resumed,
            FitListener listener) {
        TrainingSetup setup = TrainingSetup.of(settings, loaded);
        TrainingTable table = setup.training();
        GradientSourcePlan plan = new GradientSourcePlan(setup, settings);
        GradientSourcePlan.Sources sources = plan.build();
        LearningRate learningRate = LearningRate.resolve(settings.optimizer(), setup::largestHessianEigenvalue);
        reportPlan(settings, setup, learningRate, listener);
        RunWarnings warnings = new RunWarnings(listener::warning);
        ProblemChecks.check(settings, setup, warnings);
        RidgePenalty ridge = new RidgePenalty(settings.l2());
        Trainer trainer = new Trainer(sources.steps(), sources.full(), sources.validation(),
                Optimizers.create(settings.optimizer(), learningRate.value()), ridge,
                new DivergenceGuard(learningRate.value(), () -> 2.0 / setup.largestHessianEigenvalue()),
                new EarlyStopping(settings.tol(), settings.patience()), listener, listener);
        TrainingState start = resumed.orElseGet(() -> TrainingState.start(
                initialModel(settings, table, setup.standardization(), listener), ridge.isActive(),
                sources.validation().isPresent()));
        return new Prepared(setup, plan, sources, learningRate, warnings, ridge, trainer, start);
    }

    /**
     * The coefficient statistics of the least-squares fit (the anchor of sufficient statistics, so free
     * there); none past the widths whose d×d algebra the driver does for sufficient statistics.
     */
    private static Map<String, CoefficientStatistics.LabelStatistics> statistics(TrainingSetup setup,
            GradientSourcePlan plan, FitListener listener) {
        TrainingTable table = setup.training();
        if (table.featureCount() > GradientStrategy.MAX_SUFFICIENT_STATS_FEATURES) {
            listener.info(String.format("No coefficient statistics: %d features, more than the %d whose d×d "
                    + "least-squares algebra the driver does.", table.featureCount(),
                    GradientStrategy.MAX_SUFFICIENT_STATS_FEATURES));
            return Map.of();
        }
        return CoefficientStatistics.of(plan.trainingFit(), setup.standardization(), table.featureNames(),
                table.labelNames());
    }

    /** The starting model in training units: a warm start, zeros, or seeded standard normal draws. */
    private static LinearModel initialModel(FitSettings settings, TrainingTable table,
            Standardization standardization, FitListener listener) {
        if (settings.warmStart().isPresent()) {
            WarmStart warmStart = settings.warmStart().get();
            RegressionModel saved = warmStart.model();
            if (!saved.features().equals(table.featureNames())) {
                throw Errors.initModelMismatch(warmStart.source(), OptionNames.FEATURES, table.featureNames(),
                        saved.features());
            }
            if (!saved.labels().equals(table.labelNames())) {
                throw Errors.initModelMismatch(warmStart.source(), OptionNames.LABELS, table.labelNames(), saved.labels());
            }
            LinearModel coefficients = saved.coefficients();
            double[] bias = settings.intercept() ? coefficients.bias() : new double[coefficients.labelCount()];
            if (!settings.intercept()) {
                listener.info("Warm start: --no-intercept, so the saved intercepts are replaced by 0.");
            }
            return standardization.toStandardizedUnits(new LinearModel(coefficients.weights(), bias));
        }
        return settings.init() == InitMode.ZEROS
                ? LinearModel.zeros(table.labelCount(), table.featureCount())
                : LinearModel.standardNormal(table.labelCount(), table.featureCount(), settings.intercept(),
                        settings.seed());
    }

    /** "Training on ..." and the epochs, strategy, optimizer and learning rate, as two lines. */
    private static void reportPlan(FitSettings settings, TrainingSetup setup, LearningRate learningRate,
            FitListener listener) {
        TrainingTable table = setup.training();
        listener.info(String.format("Training on %d rows%s: features %s, labels %s", table.rows(),
                setup.validation().map(v -> String.format(" (%d more held out for validation)", v.rows()))
                        .orElse(""),
                table.featureNames(), table.labelNames()));
        listener.info(String.format("%d epochs, strategy %s, optimizer %s, learning rate %s%s", settings.epochs(),
                setup.strategy().cliName(), settings.optimizer().kind().name().toLowerCase(Locale.ROOT),
                learningRate.value(), learningRate.explanation()));
    }
}
