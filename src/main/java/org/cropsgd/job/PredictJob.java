package org.cropsgd.job;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.config.OptionNames;
import org.cropsgd.config.UnknownGroupPolicy;
import org.cropsgd.errors.Errors;
import org.cropsgd.errors.QuietFailureLogs;
import org.cropsgd.io.AtomicOutputDirectory;
import org.cropsgd.io.ModelFiles;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.RegressionModel;

/**
 * {@code predict}: the saved model's predictions for every row of a table, written with the kept input
 * columns through Spark's own writer, all-or-nothing ({@link AtomicOutputDirectory#fill}): Spark writes into
 * the hidden staging directory, and only a complete write is committed. One pass over the input (two for a
 * CSV input, whose column types Spark infers first).
 */
public final class PredictJob {
    private final SparkSession spark;
    private final PrintWriter out;

    public PredictJob(SparkSession spark, PrintWriter out) {
        this.spark = spark;
        this.out = out;
    }

    public void run(PredictSettings settings) {
        out.printf("cropsgd %s predict: model %s, input %s%n", CropSgdVersion.get(), settings.model(),
                settings.input());
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(settings.output(), settings.overwrite(),
                hadoopConf)) {
            Optional<GroupedModel> grouped = ModelFiles.readGroupedForScoring(settings.model(), hadoopConf);
            if (grouped.isPresent()) {
                predictGroups(settings, grouped.get(), output);
                return;
            }
            RegressionModel model = ModelFiles.readForScoring(settings.model(), hadoopConf);
            ScoringInput input = ScoringInput.read(spark, out, settings.model(), model, settings.input(),
                    settings.format(), settings.csvDelimiter(), false);
            List<String> kept = keptColumns(settings, input.columns());
            requireNoClash(settings, kept, model);
            Dataset<Row> predictions = PredictionQuery.of(model, input.rows(), kept, settings.invalid());
            try {
                QuietFailureLogs.during(PredictionQuery.INVALID_ROW, () -> output.fill(
                        directory -> TableWriter.of(predictions.write(), settings.outputFormat()).save(directory)));
            } catch (RuntimeException e) {
                if (PredictionQuery.isInvalidRowFailure(e)) {
                    throw input.firstInvalid(model.features(), "--invalid skip to leave such rows out, or "
                            + "--invalid null to write a null prediction for them");
                }
                throw e;
            }
            output.commit();
            out.printf("Predictions %s written to %s (%s; input columns kept: %s)%n", model.predictionColumns(),
                    output.target(), settings.outputFormat().sourceName(), kept.isEmpty() ? "none" : kept);
            out.flush();
        }
    }

    /** A grouped model's predictions: each row by its group's model ({@link PredictionQuery#grouped}). */
    private void predictGroups(PredictSettings settings, GroupedModel model, AtomicOutputDirectory output) {
        RegressionModel columns = ScoringInput.columnsOf(model);
        ScoringInput input = ScoringInput.read(spark, out, settings.model(), columns, settings.input(),
                settings.format(), settings.csvDelimiter(), false);
        input.requireGroupColumns(settings.model(), model);
        List<String> kept = keptColumns(settings, input.columns());
        requireNoClash(settings, kept, columns);
        Dataset<Row> predictions = PredictionQuery.grouped(model, input.rows(), kept, settings.invalid(),
                settings.unknownGroup());
        try {
            QuietFailureLogs.during(PredictionQuery.INVALID_ROW, () -> QuietFailureLogs.during(
                    PredictionQuery.UNKNOWN_GROUP, () -> output.fill(
                            directory -> TableWriter.of(predictions.write(), settings.outputFormat()).save(directory))));
        } catch (RuntimeException e) {
            if (PredictionQuery.isInvalidRowFailure(e)) {
                throw input.firstInvalid(model.features(), "--invalid skip to leave such rows out, or "
                        + "--invalid null to write a null prediction for them");
            }
            if (PredictionQuery.isUnknownGroupFailure(e)) {
                throw input.firstUnknownGroup(model);
            }
            throw e;
        }
        output.commit();
        out.printf("Predictions %s of %d group models written to %s (%s; input columns kept: %s)%n",
                model.predictionColumns(), model.models().size(), output.target(),
                settings.outputFormat().sourceName(), kept.isEmpty() ? "none" : kept);
        if (settings.unknownGroup() == UnknownGroupPolicy.NULL) {
            // Predict reads the table once and counts nothing; say where the count is rather than nothing.
            out.println("Rows whose group has no model have null predictions (--unknown-group null); they are not "
                    + "counted here: evaluate --unknown-group null --output DIR counts them (rows_unknown_group).");
        }
        out.flush();
    }

    /**
     * The input columns written beside the predictions: --keep's, in its order; otherwise (--keep-all, and
     * by default) all of them, as Spark ML's {@code transform} appends its prediction column to every input
     * column: the output is the input plus its predictions.
     */
    static List<String> keptColumns(PredictSettings settings, List<String> columns) {
        if (settings.keep().isPresent()) {
            List<String> keep = settings.keep().get();
            List<String> repeated = keep.stream().filter(name -> keep.indexOf(name) != keep.lastIndexOf(name))
                    .distinct().toList();
            if (!repeated.isEmpty()) {
                throw Errors.duplicateNames(OptionNames.KEEP, keep, repeated);
            }
            List<String> missing = keep.stream().filter(name -> !columns.contains(name)).toList();
            if (!missing.isEmpty()) {
                throw Errors.missingColumns("--keep", missing, columns);
            }
            return keep;
        }
        return columns;
    }

    /** A kept column named like a prediction (Spark's names are case-insensitive): exit 3. */
    private static void requireNoClash(PredictSettings settings, List<String> kept, RegressionModel model) {
        Set<String> predictions = model.predictionColumns().stream().map(PredictJob::folded)
                .collect(Collectors.toSet());
        List<String> clashes = kept.stream().filter(name -> predictions.contains(folded(name))).toList();
        if (!clashes.isEmpty()) {
            throw Errors.predictionColumnClash(clashes, settings.keepAll() ? "kept by --keep-all"
                    : settings.keep().isPresent() ? "named in --keep"
                    : "kept by default, as every input column is");
        }
    }

    private static String folded(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
