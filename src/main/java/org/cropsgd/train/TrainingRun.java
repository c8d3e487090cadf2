package org.cropsgd.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.data.TrainingTableLoader;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.PerEpochGradient;
import org.cropsgd.gradient.SufficientStatsGradient;
import org.cropsgd.io.AtomicOutputDirectory;
import org.cropsgd.io.MetricsFile;
import org.cropsgd.io.ModelFile;
import org.cropsgd.io.OutputFiles;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;
import org.cropsgd.optim.Sgd;

/**
 * One training run, top to bottom: check the output can be written, load and check the table, choose the
 * units training runs in, train, score the model in original units, write the output all-or-nothing.
 * Any failure leaves no output behind.
 */
public final class TrainingRun {
    private final SparkSession spark;
    private final PrintWriter out;

    public TrainingRun(SparkSession spark, PrintWriter out) {
        this.spark = spark;
        this.out = out;
    }

    public void run(TrainConfig config) {
        out.printf("cropsgd %s train: %s%n", CropSgdVersion.get(), config.asOptions());
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(
                config.output(), config.overwrite(), spark.sparkContext().hadoopConfiguration())) {
            TrainingTable table = new TrainingTableLoader(spark, out).load(config.input(),
                    config.resolvedFormat(), config.features(), config.labels(), config.invalidRows());
            try {
                train(config, table, output);
            } finally {
                table.release();
            }
        }
    }

    private void train(TrainConfig config, TrainingTable table, AtomicOutputDirectory output) {
        TableStatistics statistics = TableStatistics.of(table);
        Standardization standardization = config.standardize()
                ? Standardization.of(statistics.featureMean(), statistics.featureStddev(), config.intercept())
                : Standardization.identity(table.featureCount());
        GradientStrategy strategy = config.strategy().resolve(table.featureCount(), false);
        Memo<CentredMoments> moments = new Memo<>(() -> CentredMoments.compute(table, statistics, standardization));
        DoubleSupplier lambda = () -> moments.get().largestHessianEigenvalue(table.labelCount(), config.intercept());

        PerEpochGradient perEpoch = new PerEpochGradient(table, standardization, config.intercept());
        GradientSource gradients = strategy == GradientStrategy.SUFFICIENT_STATS
                ? new SufficientStatsGradient(moments.get(), perEpoch, config.intercept())
                : perEpoch;
        double learningRate = config.learningRate().orElseGet(() -> 1.0 / lambda.getAsDouble());
        out.printf("Training on %d rows: features %s, labels %s; %d epochs, strategy %s, learning rate %s%s%n",
                table.rows(), table.featureNames(), table.labelNames(), config.epochs(), strategy.cliName(),
                learningRate, config.learningRate().isPresent() ? "" : " (auto: 1/λ of the loss Hessian)");
        out.flush();
        Trainer trainer = new Trainer(gradients, new Sgd(learningRate),
                new DivergenceGuard(learningRate, () -> 2.0 / lambda.getAsDouble()),
                TrainingProgress.everySecond(out, config.epochs()));

        TrainingResult result = trainer.train(initialModel(config, table), config.epochs());

        LinearModel model = standardization.toOriginalUnits(result.model());
        ModelEvaluator.Evaluation evaluation = ModelEvaluator.evaluate(table, statistics, model);
        // The moments pass counts for the per-epoch strategy too when it was needed for the step size.
        long passes = gradients.dataPasses()
                + (strategy == GradientStrategy.PER_EPOCH && moments.isComputed() ? 1 : 0);
        ModelFile modelFile = new ModelFile(table.featureNames(), table.labelNames(), model.weights(),
                model.bias(), config.standardize(), config.asOptions(), CropSgdVersion.get());
        MetricsFile metricsFile = new MetricsFile(evaluation.loss(), config.epochs(), table.rows(),
                table.dropped(), evaluation.perLabel(), strategy.cliName(), passes, learningRate,
                result.seconds());
        OutputFiles.write(output, modelFile, metricsFile, result.history());
        output.commit();
        printSummary(config, result, evaluation, output);
    }

    private static LinearModel initialModel(TrainConfig config, TrainingTable table) {
        return config.init() == InitMode.ZEROS
                ? LinearModel.zeros(table.labelCount(), table.featureCount())
                : LinearModel.standardNormal(table.labelCount(), table.featureCount(), config.intercept(),
                        config.seed());
    }

    private void printSummary(TrainConfig config, TrainingResult result, ModelEvaluator.Evaluation evaluation,
            AtomicOutputDirectory output) {
        out.println(String.format(Locale.ROOT, "Final loss %.10g after %d epochs in %.1f s", evaluation.loss(),
                config.epochs(), result.seconds()));
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
