package org.cropsgd.job;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.config.CheckpointSettings;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.config.WarmStart;
import org.cropsgd.data.ConfiguredInput;
import org.cropsgd.data.InputTable;
import org.cropsgd.io.AtomicOutputDirectory;
import org.cropsgd.io.HistoryFile;
import org.cropsgd.io.MetricsFile;
import org.cropsgd.io.ModelFile;
import org.cropsgd.io.ModelFiles;
import org.cropsgd.report.ReportPage;
import org.cropsgd.report.RunPictures;
import org.cropsgd.io.OutputFiles;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;
import org.cropsgd.train.FitMetrics;
import org.cropsgd.train.FitResult;
import org.cropsgd.train.Fitter;
import org.cropsgd.train.GroupedFitter;
import org.cropsgd.errors.Errors;
import org.cropsgd.config.OptionNames;
import org.cropsgd.train.TrainingHistory;
import org.cropsgd.train.TrainingResult;

/**
 * The {@code train} command around the core: prints the run's options, prepares the output all-or-nothing,
 * reads {@code --init-model} and the {@code --input} table, fits through {@link Fitter} while printing what
 * it reports and saving its checkpoints, writes {@code model.json}, {@code metrics.json} and
 * {@code history.csv}, commits them and prints the summary. Any failure leaves no output behind.
 */
public final class TrainJob {
    private final SparkSession spark;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long startedNanos;

    /**
     * @param err           where warnings go
     * @param startedNanos  {@link System#nanoTime()} when the command started (before Spark did), for the
     *                      run's total time
     */
    public TrainJob(SparkSession spark, PrintWriter out, PrintWriter err, long startedNanos) {
        this(spark, out, err, startedNanos, true);
    }

    /** @param pictures  whether to draw {@code plots/} and write {@code report.html} ({@code --plots}) */
    public TrainJob(SparkSession spark, PrintWriter out, PrintWriter err, long startedNanos, boolean pictures) {
        this.spark = spark;
        this.out = out;
        this.err = err;
        this.startedNanos = startedNanos;
        this.pictures = pictures;
    }

    private final boolean pictures;

    public void run(TrainConfig config) {
        run(config, CheckpointSettings.none());
    }

    /** Trains with checkpoints; once the output is committed the checkpoints have done their job and go. */
    public void run(TrainConfig given, CheckpointSettings checkpointSettings) {
        TrainConfig config = ConfiguredInput.withFormat(spark, given);
        out.printf("cropsgd %s train: %s%n", CropSgdVersion.get(), config.asOptions());
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(
                config.output(), config.overwrite(), hadoopConf)) {
            FitSettings settings = config.initModel()
                    .map(dir -> config.fit().withWarmStart(
                            new WarmStart(dir, ModelFiles.read(dir, hadoopConf).toModel())))
                    .orElse(config.fit());
            if (pictures) {
                RunPictures.prepareInBackground();
            }
            InputTable input = ConfiguredInput.read(spark, config, out);
            if (settings.grouping().grouped()) {
                trainGroups(config, checkpointSettings, input, output);
                return;
            }
            CheckpointingListener listener = new CheckpointingListener(out, err, settings.epochs(),
                    pictures ? ModelEvaluator.SAMPLE_ROWS : 0,
                    () -> Checkpoints.of(checkpointSettings, config, hadoopConf, out), checkpointSettings.resume());
            FitResult result = Fitter.fit(input, settings, listener);
            double totalSeconds = (System.nanoTime() - startedNanos) / 1e9;
            MetricsFile metrics = metricsFile(result.metrics(), totalSeconds);
            ModelFile model = modelFile(config, result.model());
            OutputFiles.write(output, model, metrics, historyFile(result.history()));
            if (pictures) {
                TrainingHistory.Series history = result.history();
                RunPictures drawn = new RunPictures(result.model().labels())
                        .loss(history.loss(), history.validation(), history.penalty(),
                                result.metrics().stopReason() == TrainingResult.StopReason.TOLERANCE
                                        ? result.metrics().epochs() : -1)
                        .fit(result.sample(), result.metrics().perLabel());
                writeReport(output, ReportPage.of("cropsgd model " + output.target(), model, metrics,
                        drawn.drawInto(output, listener::warning)));
            }
            output.commit();
            printSummary(metrics, output);
            listener.deleteAll();
        }
    }

    /** {@code --group-by}: every group's model from one pass ({@link GroupedFitter}), written as a grouped output. */
    private void trainGroups(TrainConfig config, CheckpointSettings checkpointSettings, InputTable input,
            AtomicOutputDirectory output) {
        if (checkpointSettings.directory().isPresent()) {
            throw Errors.notWithGroups(OptionNames.CHECKPOINT_DIR);
        }
        // Groups train on the driver in milliseconds each: the listener hears the phases, not their epochs.
        ConsoleFitListener listener = new ConsoleFitListener(out, err, config.fit().epochs(),
                pictures ? ModelEvaluator.SAMPLE_ROWS : 0);
        GroupedFitter.Result result = GroupedFitter.fit(input, config.fit(), listener);
        double totalSeconds = (System.nanoTime() - startedNanos) / 1e9;
        GroupedTrainOutput.write(output, config, input.rows().schema(), result, totalSeconds, CropSgdVersion.get(),
                pictures, listener::warning);
        output.commit();
        GroupedTrainOutput.printSummary(out, result, totalSeconds, output, pictures);
    }

    /** The one-page report beside model.json. */
    public static final String REPORT = "report.html";

    /** Writes {@code html} as the output's {@value #REPORT}. */
    static void writeReport(AtomicOutputDirectory output, String html) {
        output.write(REPORT, stream -> stream.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** What the summary line adds to the files it names when the run drew pictures. */
    static String picturesWritten(boolean pictures) {
        return pictures ? ", " + REPORT + ", " + RunPictures.FOLDER + "/" : "";
    }

    private static ModelFile modelFile(TrainConfig config, RegressionModel model) {
        return new ModelFile(model.features(), model.labels(), model.coefficients().weights(),
                model.coefficients().bias(), config.fit().standardize(), config.asOptions(), CropSgdVersion.get());
    }

    private static MetricsFile metricsFile(FitMetrics fit, double totalSeconds) {
        return new MetricsFile(fit.loss(), fit.l2Penalty(), fit.validationLoss(), fit.epochs(),
                fit.stopReason().jsonName(), fit.rows(), fit.rowsDropped(), fit.validationRows(), fit.perLabel(),
                fit.strategy().cliName(), fit.dataPasses(), fit.learningRate().value(), fit.trainSeconds(),
                totalSeconds, fit.warnings(), fit.statistics());
    }

    private static HistoryFile historyFile(TrainingHistory.Series history) {
        return new HistoryFile(history.loss(), history.penalty(), history.validation());
    }

    private void printSummary(MetricsFile metrics, AtomicOutputDirectory output) {
        out.println(String.format(Locale.ROOT, "Final loss %.10g after %d epochs in %.1f s (training loop %.1f s)%s",
                metrics.loss(), metrics.epochs(), metrics.totalSeconds(), metrics.trainSeconds(),
                metrics.validationLoss() == null ? ""
                        : String.format(Locale.ROOT, "; validation loss %.10g", metrics.validationLoss())));
        out.println(String.format(Locale.ROOT, "  %-16s %14s %14s %10s", "label", "RMSE", "MAE", "R2"));
        for (Map.Entry<String, LabelMetrics> label : metrics.perLabel().entrySet()) {
            LabelMetrics m = label.getValue();
            out.println(String.format(Locale.ROOT, "  %-16s %14.6g %14.6g %10s", label.getKey(), m.rmse(),
                    m.mae(), m.r2() == null ? "n/a" : String.format(Locale.ROOT, "%.6f", m.r2())));
        }
        printStatistics(metrics.coefficientStatistics());
        out.printf("Model written to %s (%s, %s, %s%s)%n", output.target(), OutputFiles.MODEL, OutputFiles.METRICS,
                OutputFiles.HISTORY, picturesWritten(pictures));
        out.flush();
    }

    /** Terms printed per label; the rest are in metrics.json. */
    private static final int PRINTED_TERMS = 20;

    /** Each label's coefficient table, as R's {@code summary.lm} prints one. */
    private void printStatistics(Map<String, CoefficientStatistics.LabelStatistics> statistics) {
        if (statistics.isEmpty()) {
            return;
        }
        out.println("Least-squares fit (the optimum training approaches; coefficient_statistics in metrics.json):");
        for (Map.Entry<String, CoefficientStatistics.LabelStatistics> label : statistics.entrySet()) {
            CoefficientStatistics.LabelStatistics s = label.getValue();
            out.println(String.format(Locale.ROOT, "  %s: R2 %s, adjusted R2 %s, residual standard error %s on %d "
                    + "degrees of freedom", label.getKey(), number(s.r2(), "%.6f"), number(s.r2Adjusted(), "%.6f"),
                    number(s.residualStandardError(), "%.6g"), s.degreesOfFreedom()));
            if (s.undefined() != null) {
                out.println("    undefined: " + s.undefined());
            }
            out.println(String.format(Locale.ROOT, "    %-16s %14s %14s %10s %10s", "term", "estimate", "std. error",
                    "t value", "Pr(>|t|)"));
            List<CoefficientStatistics.Term> terms = s.terms();
            for (CoefficientStatistics.Term term : terms.subList(0, Math.min(terms.size(), PRINTED_TERMS))) {
                out.println(String.format(Locale.ROOT, "    %-16s %14.6g %14s %10s %10s", term.term(), term.estimate(),
                        number(term.standardError(), "%.6g"), number(term.tValue(), "%.4g"),
                        pValue(term.pValue())));
            }
            if (terms.size() > PRINTED_TERMS) {
                out.printf("    (%d more terms in metrics.json)%n", terms.size() - PRINTED_TERMS);
            }
        }
    }

    private static String pValue(Double p) {
        return p == null ? "n/a" : CoefficientStatistics.formatPValue(p);
    }

    private static String number(Double value, String format) {
        return value == null ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
