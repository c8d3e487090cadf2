package org.cropsgd.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;
import org.cropsgd.moments.ResidualPass;
import org.cropsgd.moments.SumsEngines;

/**
 * Scores a model, in the units of its input, on a table: one pass for the per-label MSE, RMSE, MAE and R²
 * and the overall loss: plain Spark SQL sums per partition (no UDF) under the RAPIDS Accelerator, the same
 * sums by {@link ResidualPass} on the CPU ({@link SumsEngines#inSparkSql} decides). Training scores its
 * final model on its training rows through it, and {@code evaluate} a saved model on any table, so the two
 * agree to rounding on the same rows.
 *
 * <p>R²'s total sum of squares Σ(y − ȳ)² needs the mean ȳ, which one pass only knows at its end. The pass
 * therefore sums the labels shifted by a value {@code c} known before it (training: the label means it has
 * already measured; {@code evaluate}: the first row's labels) and corrects exactly:
 * Σ(y − ȳ)² = Σ(y − c)² − (Σ(y − c))²/n. The correction is small when c lies within the spread of the
 * labels, so no digits are lost to cancellation, as they would be with Σy² − (Σy)²/n.
 *
 * <p>With sample weights every sum is weighted and n is W = Σw, as in MLlib's {@code RegressionMetrics} with
 * a weight column: MSE = Σw·r²/W, MAE = Σw·|r|/W, R² = 1 − Σw·r²/Σw·(y − ȳ)² with ȳ the weighted mean.
 */
public final class ModelEvaluator {
    private static final String VALID = "v";
    private static final String WEIGHT = "w";
    private static final String SAMPLE = "s";

    private ModelEvaluator() {}

    /**
     * The metrics of each label, keyed by label name in label order, with the rows they were computed on.
     *
     * @param rows         rows scored, n
     * @param rowsLeftOut  rows left out because a feature or label was null, NaN, infinite or not a number
     * @param loss         the MSE over all n·k residuals (the mean of the labels' MSEs; training's loss convention)
     */
    public record Evaluation(Map<String, LabelMetrics> perLabel, long rows, long rowsLeftOut, double loss) {}

    /**
     * What to score: double columns of {@code rows} in the model's feature and label order, and which rows
     * count.
     *
     * @param valid  true for a row to score; the others are counted as left out
     * @param shift  one value per label, known before the pass, close to the labels (see the class comment)
     * @param weight each row's weight (finite, ≥ 0, in the rows scored); empty: every row weighs 1
     */
    public record Scoring(Dataset<Row> rows, Column[] features, Column[] labels, Column valid, double[] shift,
                          Optional<Column> weight) {}

    /**
     * A seeded share of the scored rows, kept by the same pass for pictures: about {@link #SAMPLE_ROWS} of them.
     *
     * @param actual     per label, the sampled rows' labels
     * @param predicted  per label, the same rows' predictions
     */
    public record Sample(List<String> labels, double[][] actual, double[][] predicted) {
        /** The rows kept. */
        public int size() {
            return actual.length == 0 ? 0 : actual[0].length;
        }

        /** At most {@code rows} of these rows: every m-th, evenly through them, when there are more. */
        public Sample atMost(long rows) {
            int m = (int) Math.ceil(size() / (double) Math.max(1, rows));
            if (m <= 1) {
                return this;
            }
            int[] kept = java.util.stream.IntStream.iterate(0, i -> i < size(), i -> i + m).toArray();
            double[][] a = new double[actual.length][kept.length];
            double[][] p = new double[predicted.length][kept.length];
            for (int label = 0; label < actual.length; label++) {
                for (int row = 0; row < kept.length; row++) {
                    a[label][row] = actual[label][kept[row]];
                    p[label][row] = predicted[label][kept[row]];
                }
            }
            return new Sample(labels, a, p);
        }
    }

    /** What a run's pictures sample: enough points to see a fit, few enough to draw and hold on the driver. */
    public static final long SAMPLE_ROWS = 20_000;

    /** The seed of the sample's row choice. */
    private static final long SAMPLE_SEED = 20_000;

    /** Metrics, and the sample of the rows they are of. */
    public record Scored(Evaluation evaluation, Sample sample) {}

    /**
     * The training run's metrics of its final model on its training rows, with a sample of about
     * {@code sampleRows} of them (for pictures; 0: none) taken by the same pass.
     */
    public static Scored evaluate(TrainingTable table, TableStatistics statistics, LinearModel model,
            long sampleRows) {
        return evaluate(training(table, statistics), table.labelNames(), model,
                sampleFraction(sampleRows, table.rows()));
    }

    /** The share of {@code rows} rows that samples about {@code sampleRows} (0 for none). */
    public static double sampleFraction(long sampleRows, long rows) {
        return sampleRows <= 0 ? 0 : rows <= sampleRows ? 1.0 : (double) sampleRows / rows;
    }

    /** The query of {@link #evaluate(TrainingTable, TableStatistics, LinearModel, long)}. */
    public static PartitionSums.Query plan(TableStatistics statistics, TrainingTable table, LinearModel model,
            long sampleRows) {
        return plan(training(table, statistics), model, sampleFraction(sampleRows, table.rows()));
    }

    /** The metrics of {@code model} on {@code scoring}'s rows; {@code labels} names them. */
    public static Evaluation evaluate(Scoring scoring, List<String> labels, LinearModel model) {
        return evaluate(scoring, labels, model, 0).evaluation();
    }

    /**
     * The metrics of {@code model} on {@code scoring}'s rows, and the rows kept with probability
     * {@code sampleFraction} (0: none).
     */
    public static Scored evaluate(Scoring scoring, List<String> labels, LinearModel model, double sampleFraction) {
        int k = labels.size();
        Sums sums = SumsEngines.inSparkSql(scoring.rows().sparkSession())
                ? sqlSums(scoring, model, k, sampleFraction)
                : cpuSums(scoring, model, sampleFraction);
        return new Scored(of(labels, sums), sample(labels, sums.sample()));
    }

    /** Rows of y0, prediction0, y1, prediction1, … as columns per label. */
    static Sample sample(List<String> labels, double[] flat) {
        int k = labels.size();
        int m = flat.length / (2 * k);
        double[][] actual = new double[k][m];
        double[][] predicted = new double[k][m];
        for (int row = 0; row < m; row++) {
            for (int label = 0; label < k; label++) {
                actual[label][row] = flat[row * 2 * k + 2 * label];
                predicted[label][row] = flat[row * 2 * k + 2 * label + 1];
            }
        }
        return new Sample(labels, actual, predicted);
    }

    /** The metrics of the sums of one pass ({@link Sums}), over the rows it scored. */
    static Evaluation of(List<String> labels, Sums sums) {
        int k = labels.size();
        double n = sums.weight();
        Map<String, LabelMetrics> perLabel = new LinkedHashMap<>();
        double sseTotal = 0;
        for (int label = 0; label < k; label++) {
            double sse = sums.squared()[label];
            double shiftedSum = sums.shiftedLabel()[label];
            double sst = sums.shiftedLabelSquared()[label] - shiftedSum * shiftedSum / n;
            double mse = sse / n;
            sseTotal += sse;
            perLabel.put(labels.get(label), new LabelMetrics(mse, Math.sqrt(mse), sums.absolute()[label] / n,
                    sst > 0 ? Double.valueOf(1.0 - sse / sst) : null));
        }
        return new Evaluation(perLabel, sums.rows(), sums.leftOut(), sseTotal / (n * k));
    }

    /**
     * What the pass adds up: rows scored, their weight and the rows left out, then per label Σ r², Σ |r|,
     * Σ (y − c), Σ (y − c)² (weighted with weights).
     */
    record Sums(long rows, double weight, long leftOut, double[] squared, double[] absolute, double[] shiftedLabel,
                        double[] shiftedLabelSquared, double[] sample) {
        Sums(long rows, double weight, long leftOut, double[] squared, double[] absolute, double[] shiftedLabel,
                double[] shiftedLabelSquared) {
            this(rows, weight, leftOut, squared, absolute, shiftedLabel, shiftedLabelSquared, new double[0]);
        }
    }

    private static Sums sqlSums(Scoring scoring, LinearModel model, int k, double sampleFraction) {
        PartitionSums.Query query = plan(scoring, model, sampleFraction);
        List<Row> perPartition = PartitionSums.inPartitionOrder(query);
        double[] total = PartitionSums.sum(perPartition, query.sums().length);
        double[][] perLabel = new double[4][k];
        for (int label = 0; label < k; label++) {
            for (int i = 0; i < 4; i++) {
                perLabel[i][label] = total[2 + 4 * label + i];
            }
        }
        long rows = Math.round(total[0]);
        double weight = scoring.weight().isPresent() ? total[2 + 4 * k] : rows;
        List<Double> sample = new ArrayList<>();
        if (sampleFraction > 0) {
            // The last column: the partition's sampled rows.
            for (Row partition : perPartition) {
                addSampled(partition.getList(query.sums().length + 1), sample);
            }
        }
        return new Sums(rows, weight, Math.round(total[1]), perLabel[0], perLabel[1], perLabel[2], perLabel[3],
                sample.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The same sums by {@link ResidualPass}, on the CPU. */
    private static Sums cpuSums(Scoring scoring, LinearModel model, double sampleFraction) {
        ResidualPass.Totals totals = new ResidualPass(scoring.rows(), scoring.features(), scoring.labels(),
                scoring.weight().orElse(lit(1.0)), scoring.valid())
                .total(model, scoring.shift(), false, sampleFraction, SAMPLE_SEED);
        return new Sums(totals.rows(), totals.weight(), totals.leftOut(), totals.squared(), totals.absolute(),
                totals.shiftedLabel(), totals.shiftedLabelSquared(), totals.sample());
    }

    /**
     * The one pass: rows scored, rows left out, then per label Σ r², Σ |r|, Σ (y − c), Σ (y − c)² over the
     * rows scored; weighted, Σ w·r², Σ w·|r|, Σ w·(y − c), Σ w·(y − c)², then Σ w.
     */
    public static PartitionSums.Query plan(Scoring scoring, LinearModel model) {
        return plan(scoring, model, 0);
    }

    /**
     * {@link #plan(Scoring, LinearModel)}, keeping each scored row with probability {@code sampleFraction}
     * ({@code rand} seeded: the same rows on every run with the same partitioning) as an array of its labels
     * and predictions, collected per partition after the sums.
     */
    public static PartitionSums.Query plan(Scoring scoring, LinearModel model, double sampleFraction) {
        List<Column> perRow = new ArrayList<>();
        List<Column> kept = new ArrayList<>();
        perRow.add(PartitionSums.partitionId());
        perRow.add(scoring.valid().as(VALID));
        List<Column> sums = new ArrayList<>();
        sums.add(sum(when(col(VALID), lit(1L)).otherwise(lit(0L))));
        sums.add(sum(when(col(VALID), lit(0L)).otherwise(lit(1L))));
        for (int label = 0; label < scoring.labels().length; label++) {
            Column y = scoring.labels()[label];
            Column r = RegressionModel.prediction(model, label, scoring.features()).minus(y);
            Column shifted = y.minus(lit(scoring.shift()[label]));
            perRow.add(onlyValid(scoring.valid(), r).as("r" + label));
            perRow.add(onlyValid(scoring.valid(), shifted).as("c" + label));
            kept.add(y);
            kept.add(y.plus(r));
            Column rk = col("r" + label);
            Column ck = col("c" + label);
            Column wr = scoring.weight().isPresent() ? rk.multiply(col(WEIGHT)) : rk;
            Column wc = scoring.weight().isPresent() ? ck.multiply(col(WEIGHT)) : ck;
            sums.add(sum(wr.multiply(rk)));
            sums.add(sum(abs(wr)));
            sums.add(sum(wc));
            sums.add(sum(wc.multiply(ck)));
        }
        if (scoring.weight().isPresent()) {
            perRow.add(onlyValid(scoring.valid(), scoring.weight().get()).as(WEIGHT));
            sums.add(sum(col(WEIGHT)));
        }
        if (sampleFraction <= 0) {
            return new PartitionSums.Query(scoring.rows().select(perRow.toArray(Column[]::new)),
                    sums.toArray(Column[]::new));
        }
        perRow.add(sampleEntry(sampled(scoring.valid(), sampleFraction), kept).as(SAMPLE));
        return new PartitionSums.Query(scoring.rows().select(perRow.toArray(Column[]::new)),
                sums.toArray(Column[]::new), List.of(collect_list(col(SAMPLE))));
    }

    /**
     * True in a scored row the sample keeps: with probability {@code fraction}, seeded, so the same rows on
     * every run with the same partitioning. Nondeterministic, so a column of a projection: Spark allows it
     * in no aggregate's argument.
     */
    static Column sampled(Column scored, double fraction) {
        return scored.and(rand(SAMPLE_SEED).lt(lit(fraction)));
    }

    /**
     * A sampled row's entry, for {@code collect_list} to gather (null in a row not kept, which it skips): its
     * labels and predictions y0, prediction0, y1, … as one array.
     */
    static Column sampleEntry(Column sampled, List<Column> labelsAndPredictions) {
        return when(sampled, struct(array(labelsAndPredictions.toArray(Column[]::new)).as("v")));
    }

    /** Adds the values of the entries {@code collect_list} gathered ({@link #sampleEntry}) to {@code sample}. */
    static void addSampled(List<Object> entries, List<Double> sample) {
        for (Object entry : entries) {
            sample.addAll(((Row) entry).getList(0));
        }
    }

    /** 0 in a row that is not scored (its value may be NaN), so that sums over a partition stay numbers. */
    private static Column onlyValid(Column valid, Column value) {
        return when(valid, value).otherwise(lit(0.0));
    }

    private static Scoring training(TrainingTable table, TableStatistics statistics) {
        return new Scoring(table.frame(), table.features(), table.labels(), lit(true), statistics.labelMean(),
                table.weightColumn());
    }
}
