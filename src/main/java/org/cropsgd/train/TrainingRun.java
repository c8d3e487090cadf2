package org.cropsgd.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.config.CheckpointSettings;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.OptimizerKind;
import org.cropsgd.config.OptimizerSettings;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.data.TrainingTableLoader;
import org.cropsgd.errors.Errors;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.MiniBatchGradient;
import org.cropsgd.gradient.PerEpochGradient;
import org.cropsgd.gradient.SufficientStatsGradient;
import org.cropsgd.io.AtomicOutputDirectory;
import org.cropsgd.io.MetricsFile;
import org.cropsgd.io.ModelFile;
import org.cropsgd.io.ModelFiles;
import org.cropsgd.io.OutputFiles;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;
import org.cropsgd.optim.Optimizers;

/**
 * One training run, top to bottom: check the output can be written, load and check the table, hold out
 * validation rows, choose the units and the gradient strategy, train (from a checkpoint when resuming,
 * saving checkpoints when asked), score the model in original units, write the output all-or-nothing. Any
 * failure leaves no output behind.
 */
public final class TrainingRun {
    private final SparkSession spark;
    private final PrintWriter out;
    private final RunWarnings warnings;
    private final long startedNanos;

    /**
     * @param err           where warnings go
     * @param startedNanos  {@link System#nanoTime()} when the command started (before Spark did), for the
     *                      run's total time
     */
    public TrainingRun(SparkSession spark, PrintWriter out, PrintWriter err, long startedNanos) {
        this.spark = spark;
        this.out = out;
        this.warnings = new RunWarnings(err);
        this.startedNanos = startedNanos;
    }

    public void run(TrainConfig config) {
        run(config, CheckpointSettings.none());
    }

    /** Trains with checkpoints; once the output is committed the checkpoints have done their job and go. */
    public void run(TrainConfig config, CheckpointSettings checkpointSettings) {
        out.printf("cropsgd %s train: %s%n", CropSgdVersion.get(), config.asOptions());
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(
                config.output(), config.overwrite(), hadoopConf)) {
            Optional<ModelFile> warmStart = config.initModel().map(dir -> ModelFiles.read(dir, hadoopConf));
            TrainingTable table = new TrainingTableLoader(spark, out).load(config);
            try {
                // After loading, so that a missing or bad input is reported as such, not as a mismatch.
                Optional<Checkpoints> checkpoints = Checkpoints.of(checkpointSettings, config, hadoopConf, out);
                Optional<TrainingState> resumed = checkpoints
                        .flatMap(c -> c.stateToResume(checkpointSettings.resume()));
                train(config, table, warmStart, resumed, checkpoints, output);
                checkpoints.ifPresent(Checkpoints::deleteAll);
            } finally {
                table.release();
            }
        }
    }

    private void train(TrainConfig config, TrainingTable loaded, Optional<ModelFile> warmStart,
            Optional<TrainingState> resumed, Optional<Checkpoints> checkpoints, AtomicOutputDirectory output) {
        TrainingSetup setup = TrainingSetup.of(config, loaded);
        TrainingTable table = setup.training();
        Optional<TrainingTable> validationRows = setup.validation();
        TableStatistics statistics = setup.statistics();
        Standardization standardization = setup.standardization();
        GradientStrategy strategy = setup.strategy();
        DoubleSupplier lambda = setup::largestHessianEigenvalue;

        GradientSource full = strategy == GradientStrategy.SUFFICIENT_STATS
                ? new SufficientStatsGradient(setup.momentsInTrainingUnits(),
                        perEpoch(table, standardization, config), config.intercept())
                : perEpoch(table, standardization, config);
        GradientSource steps = setup.miniBatches()
                ? new MiniBatchGradient(table, standardization, config.intercept(), config.batchFraction(),
                        config.seed())
                : full;
        Optional<GradientSource> validation = validationRows.map(rows -> strategy == GradientStrategy.SUFFICIENT_STATS
                ? new SufficientStatsGradient(
                        CentredMoments.compute(rows, statistics).inTrainingUnits(standardization),
                        perEpoch(rows, standardization, config), config.intercept())
                : perEpoch(rows, standardization, config));

        OptimizerSettings optimizer = config.optimizer();
        double learningRate = optimizer.learningRate().orElseGet(() -> optimizer.kind() == OptimizerKind.ADAM
                ? OptimizerSettings.ADAM_DEFAULT_LEARNING_RATE
                : 1.0 / lambda.getAsDouble());
        printPlan(config, table, validationRows, strategy, learningRate);
        ProblemChecks.check(config, setup, warnings);
        RidgePenalty ridge = new RidgePenalty(config.l2());
        Trainer trainer = new Trainer(steps, full, validation, Optimizers.create(optimizer, learningRate),
                ridge, new DivergenceGuard(learningRate, () -> 2.0 / lambda.getAsDouble()),
                new EarlyStopping(config.tol(), config.patience()), TrainingProgress.everySecond(out, config.epochs()),
                checkpoints.<CheckpointSink>map(c -> c).orElse(CheckpointSink.NONE));

        TrainingState start = resumed.orElseGet(() -> TrainingState.start(
                initialModel(config, table, standardization, warmStart), ridge.isActive(), validation.isPresent()));
        TrainingResult result = trainer.train(start, config.epochs());

        LinearModel model = standardization.toOriginalUnits(result.model());
        ModelEvaluator.Evaluation evaluation = ModelEvaluator.evaluate(table, statistics, model);
        // The moments pass counts for the per-epoch strategy too when it ran (for σ or the step size).
        long passes = steps.dataPasses() + (steps == full ? 0 : full.dataPasses())
                + validation.map(GradientSource::dataPasses).orElse(0L)
                + (strategy == GradientStrategy.PER_EPOCH && setup.momentsComputed() ? 1 : 0);
        TrainingHistory.Series history = result.history();
        ModelFile modelFile = new ModelFile(table.featureNames(), table.labelNames(), model.weights(),
                model.bias(), config.standardize(), config.asOptions(), CropSgdVersion.get());
        // The loss the run measured after its last step, as in history.csv and the progress lines (training
        // units; with sufficient statistics relative to the least-squares anchor, accurate near zero). The
        // per-label figures score the written model in original units; they agree with it to rounding.
        double loss = history.loss()[history.size() - 1];
        MetricsFile metricsFile = new MetricsFile(loss, ridge.value(result.model()),
                history.validation() == null ? null : history.validation()[history.size() - 1],
                result.epochs(), result.stopReason().jsonName(), table.rows(), table.dropped(),
                validationRows.map(TrainingTable::rows).orElse(0L), evaluation.perLabel(), strategy.cliName(),
                passes, learningRate, result.seconds(), (System.nanoTime() - startedNanos) / 1e9,
                warnings.messages());
        OutputFiles.write(output, modelFile, metricsFile, history);
        output.commit();
        printSummary(evaluation, metricsFile, output);
    }

    private static PerEpochGradient perEpoch(TrainingTable rows, Standardization standardization,
            TrainConfig config) {
        return new PerEpochGradient(rows, standardization, config.intercept());
    }

    /** The starting model in training units: a warm start, zeros, or seeded standard normal draws. */
    private LinearModel initialModel(TrainConfig config, TrainingTable table, Standardization standardization,
            Optional<ModelFile> warmStart) {
        if (warmStart.isPresent()) {
            ModelFile saved = warmStart.get();
            String source = config.initModel().orElseThrow();
            if (!saved.features().equals(table.featureNames())) {
                throw Errors.initModelMismatch(source, "features", table.featureNames(), saved.features());
            }
            if (!saved.labels().equals(table.labelNames())) {
                throw Errors.initModelMismatch(source, "labels", table.labelNames(), saved.labels());
            }
            double[] bias = config.intercept() ? saved.bias() : new double[saved.bias().length];
            if (!config.intercept()) {
                out.println("Warm start: --no-intercept, so the saved intercepts are replaced by 0.");
            }
            return standardization.toStandardizedUnits(new LinearModel(saved.weights(), bias));
        }
        return config.init() == InitMode.ZEROS
                ? LinearModel.zeros(table.labelCount(), table.featureCount())
                : LinearModel.standardNormal(table.labelCount(), table.featureCount(), config.intercept(),
                        config.seed());
    }

    private void printPlan(TrainConfig config, TrainingTable table, Optional<TrainingTable> validation,
            GradientStrategy strategy, double learningRate) {
        String auto = config.optimizer().learningRate().isPresent() ? ""
                : config.optimizer().kind() == OptimizerKind.ADAM ? " (auto: torch's Adam default)"
                : " (auto: 1/λ of the loss Hessian)";
        out.printf("Training on %d rows%s: features %s, labels %s%n", table.rows(),
                validation.map(v -> String.format(" (%d more held out for validation)", v.rows())).orElse(""),
                table.featureNames(), table.labelNames());
        out.printf("%d epochs, strategy %s, optimizer %s, learning rate %s%s%n", config.epochs(),
                strategy.cliName(), config.optimizer().kind().name().toLowerCase(Locale.ROOT), learningRate, auto);
        out.flush();
    }

    private void printSummary(ModelEvaluator.Evaluation evaluation, MetricsFile metrics,
            AtomicOutputDirectory output) {
        out.println(String.format(Locale.ROOT, "Final loss %.10g after %d epochs in %.1f s (training loop %.1f s)%s",
                metrics.loss(), metrics.epochs(), metrics.totalSeconds(), metrics.trainSeconds(),
                metrics.validationLoss() == null ? ""
                        : String.format(Locale.ROOT, "; validation loss %.10g", metrics.validationLoss())));
        out.println(String.format(Locale.ROOT, "  %-16s %14s %14s %10s", "label", "RMSE", "MAE", "R2"));
        for (Map.Entry<String, LabelMetrics> label : evaluation.perLabel().entrySet()) {
            LabelMetrics m = label.getValue();
            out.println(String.format(Locale.ROOT, "  %-16s %14.6g %14.6g %10s", label.getKey(), m.rmse(),
                    m.mae(), m.r2() == null ? "n/a" : String.format(Locale.ROOT, "%.6f", m.r2())));
        }
        out.printf("Model written to %s (%s, %s, %s)%n", output.target(), OutputFiles.MODEL, OutputFiles.METRICS,
                OutputFiles.HISTORY);
        out.flush();
    }
}
