package org.cropsgd.job;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.CropSgdVersion;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.errors.Errors;
import org.cropsgd.io.AtomicOutputDirectory;
import org.cropsgd.io.EvaluationFile;
import org.cropsgd.io.ModelFiles;
import org.cropsgd.report.RunPictures;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.data.LoadingPass;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.RegressionModel;
import org.cropsgd.metrics.GroupedEvaluator;
import org.cropsgd.config.UnknownGroupPolicy;

/**
 * {@code evaluate}: the per-label MSE, RMSE, MAE and R² and the overall loss of a saved model on a table
 * that has its features and labels, computed by the evaluator training scores its own model with
 * ({@link ModelEvaluator}) in one pass over the input (plus Spark's type inference for CSV, and a look at
 * the first row for the shift that keeps R² accurate); printed, and written to {@code metrics.json} with
 * {@code --output}.
 */
public final class EvaluateJob {
    private final SparkSession spark;
    private final PrintWriter out;
    private final PrintWriter err;

    /** @param err  where warnings go */
    public EvaluateJob(SparkSession spark, PrintWriter out, PrintWriter err) {
        this.spark = spark;
        this.out = out;
        this.err = err;
    }

    public ModelEvaluator.Evaluation run(EvaluateSettings settings) {
        out.printf("cropsgd %s evaluate: model %s, input %s%n", CropSgdVersion.get(), settings.model(),
                settings.input());
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        Optional<AtomicOutputDirectory> output = settings.output()
                .map(dir -> AtomicOutputDirectory.prepare(dir, settings.overwrite(), hadoopConf));
        try {
            Optional<GroupedModel> grouped = ModelFiles.readGroupedForScoring(settings.model(), hadoopConf);
            RegressionModel model = grouped.map(ScoringInput::columnsOf)
                    .orElseGet(() -> ModelFiles.readForScoring(settings.model(), hadoopConf));
            ScoringInput input = ScoringInput.read(spark, out, settings.model(), model, settings.input(),
                    settings.format(), settings.csvDelimiter(), true);
            grouped.ifPresent(groups -> input.requireGroupColumns(settings.model(), groups));
            settings.weightColumn().ifPresent(weight -> input.requireWeightColumn(settings.model(), weight));
            // With --output, the pictures of predicted against actual: a sample kept by the one pass. The rows
            // are not counted before it: the share kept comes from Spark's size estimate of the input, and a
            // sample that comes out larger is thinned on the driver.
            double sampleFraction = output.isPresent() && settings.plots()
                    ? ModelEvaluator.sampleFraction(ModelEvaluator.SAMPLE_ROWS, estimatedRows(input.rows())) : 0;
            Evaluated evaluated = grouped.isPresent()
                    ? evaluateGroups(settings, grouped.get(), input, sampleFraction)
                    : new Evaluated(evaluate(settings, model, input, sampleFraction), null);
            ModelEvaluator.Scored scored = evaluated.scored();
            ModelEvaluator.Evaluation evaluation = scored.evaluation();
            printSummary(evaluation);
            output.ifPresent(directory -> {
                new EvaluationFile(evaluation.loss(), evaluation.rows(), evaluation.rowsLeftOut(),
                        evaluated.rowsUnknownGroup(), evaluation.perLabel(), settings.model(), settings.input(), CropSgdVersion.get())
                        .writeTo(directory);
                if (scored.sample().size() > 0) {
                    new RunPictures(model.labels()).fit(scored.sample().atMost(ModelEvaluator.SAMPLE_ROWS), evaluation.perLabel())
                            .drawInto(directory, warning -> {
                                err.println(ConsoleFitListener.WARNING_PREFIX + warning);
                                err.flush();
                            });
                }
                directory.commit();
                out.printf("Metrics written to %s%n", directory.target());
            });
            out.flush();
            return evaluation;
        } finally {
            output.ifPresent(AtomicOutputDirectory::close);
        }
    }

    /** The metrics, and the rows kept with probability {@code sampleFraction} for pictures (0: none). */
    private ModelEvaluator.Scored evaluate(EvaluateSettings settings, RegressionModel model, ScoringInput input,
            double sampleFraction) {
        Read read = Read.of(input, model.features(), model.labels(), settings.weightColumn());
        ModelEvaluator.Scored scored = ModelEvaluator.evaluate(new ModelEvaluator.Scoring(input.rows(),
                read.x(), read.y(), read.valid(), read.firstLabels(input), read.weight()), model.labels(),
                model.coefficients(), sampleFraction);
        return new ModelEvaluator.Scored(checked(settings, input, read, scored.evaluation()), scored.sample());
    }

    /** Spark's estimate of a table's rows without reading it: its row count if known, else bytes per 8-byte cell. */
    private static long estimatedRows(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
        org.apache.spark.sql.catalyst.plans.logical.Statistics stats = rows.queryExecution().optimizedPlan().stats();
        if (stats.rowCount().isDefined()) {
            return stats.rowCount().get().longValue();
        }
        return Math.max(1, stats.sizeInBytes().longValue() / (8L * Math.max(1, rows.columns().length)));
    }

    /**
     * The features and labels as doubles, the weight when there is one, and which rows can be scored: a valid
     * value in every feature and label, and a weight that is a number ≥ 0.
     *
     * @param badWeight  true in a row whose weight is null, NaN, infinite, negative or not a number
     */
    private record Read(List<String> used, Column[] x, Column[] y, Optional<Column> weight, Column valid,
                        Column badWeight) {
        static Read of(ScoringInput input, List<String> features, List<String> labels, Optional<String> weightColumn) {
            List<String> used = new ArrayList<>(features);
            used.addAll(labels);
            Optional<Column> weight = weightColumn.map(name -> input.asDoubles(List.of(name))[0]);
            Column badWeight = weight.map(w -> LoadingPass.isInvalid(w).or(w.lt(lit(0.0)))).orElse(lit(false));
            return new Read(used, input.asDoubles(features), input.asDoubles(labels), weight,
                    not(ScoringInput.anyInvalid(input.asDoubles(used))).and(not(badWeight)), badWeight);
        }

        double[] firstLabels(ScoringInput input) {
            return EvaluateJob.firstLabels(input, y, valid);
        }
    }

    /**
     * A grouped model's metrics over every row scored by its group's model, and those rows kept with
     * probability {@code sampleFraction} for pictures, in one pass ({@link GroupedEvaluator}); rows whose group
     * has no model fail the run or, with {@code --unknown-group null}, are left out and counted.
     */
    private Evaluated evaluateGroups(EvaluateSettings settings, GroupedModel model, ScoringInput input,
            double sampleFraction) {
        Read read = Read.of(input, model.features(), model.labels(), settings.weightColumn());
        double[] shift = read.firstLabels(input);
        Map<String, double[]> shifts = new java.util.HashMap<>();
        model.models().keySet().forEach(group -> shifts.put(group, shift));
        GroupedEvaluator.Result result = GroupedEvaluator.evaluate(input.rows(), read.x(), read.y(),
                read.weight().orElse(lit(1.0)), read.valid(),
                GroupedModel.key(model.groupBy(), model.keyTypes()), model.labels(), model.models(), shifts,
                sampleFraction);
        if (result.unknownGroups() > 0) {
            if (settings.unknownGroup() == UnknownGroupPolicy.ERROR) {
                throw input.firstUnknownGroup(model);
            }
            out.printf("Left out %d rows whose group has no model (--unknown-group null), e.g. %s.%n",
                    result.unknownGroups(), result.firstUnknown());
        }
        return new Evaluated(new ModelEvaluator.Scored(checked(settings, input, read, result.pooled()),
                result.sample()), result.unknownGroups());
    }

    /**
     * The metrics and sample, and (a grouped model's) the valid rows whose group has no model, left out by
     * {@code --unknown-group null}; null without groups.
     */
    private record Evaluated(ModelEvaluator.Scored scored, Long rowsUnknownGroup) {}

    /** The evaluation, unless it left out invalid rows under --invalid error or scored none. */
    private ModelEvaluator.Evaluation checked(EvaluateSettings settings, ScoringInput input, Read read,
            ModelEvaluator.Evaluation evaluation) {
        List<String> used = read.used();
        // A bad weight fails whatever --invalid says, as in training; looked for only when rows were left out.
        if (evaluation.rowsLeftOut() > 0 && settings.weightColumn().isPresent()
                && !input.rows().filter(read.badWeight()).limit(1).isEmpty()) {
            throw input.firstBadWeight(settings.weightColumn().get(), read.badWeight());
        }
        if (evaluation.rowsLeftOut() > 0 && settings.invalid() == InvalidRowPolicy.ERROR) {
            throw input.firstInvalid(used, "--invalid skip to leave such rows out");
        }
        if (evaluation.rows() == 0) {
            throw Errors.nothingToEvaluate(settings.input(), evaluation.rowsLeftOut());
        }
        if (evaluation.rowsLeftOut() > 0) {
            out.printf("Left out %d of %d rows with a null, NaN, infinite or non-numeric feature or label "
                    + "(--invalid skip).%n", evaluation.rowsLeftOut(), evaluation.rows() + evaluation.rowsLeftOut());
        }
        return evaluation;
    }

    /**
     * The labels of the first scorable row: the shift of R²'s sums (see {@link ModelEvaluator}), known before
     * the pass. Reading it stops at the first such row (zeros when there is none; the pass then finds no rows).
     */
    private static double[] firstLabels(ScoringInput input, Column[] labels, Column valid) {
        double[] shift = new double[labels.length];
        List<Row> first = input.rows().filter(valid).select(labels).takeAsList(1);
        if (!first.isEmpty()) {
            for (int k = 0; k < shift.length; k++) {
                shift[k] = first.get(0).getDouble(k);
            }
        }
        return shift;
    }

    private void printSummary(ModelEvaluator.Evaluation evaluation) {
        out.println(String.format(Locale.ROOT, "Loss %.10g (MSE over %d rows × %d labels)", evaluation.loss(),
                evaluation.rows(), evaluation.perLabel().size()));
        out.println(String.format(Locale.ROOT, "  %-16s %14s %14s %14s %10s", "label", "MSE", "RMSE", "MAE", "R2"));
        for (Map.Entry<String, LabelMetrics> label : evaluation.perLabel().entrySet()) {
            LabelMetrics m = label.getValue();
            out.println(String.format(Locale.ROOT, "  %-16s %14.6g %14.6g %14.6g %10s", label.getKey(), m.mse(),
                    m.rmse(), m.mae(), m.r2() == null ? "n/a" : String.format(Locale.ROOT, "%.6f", m.r2())));
        }
    }
}
