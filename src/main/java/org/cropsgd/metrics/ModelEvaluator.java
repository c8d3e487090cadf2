package org.cropsgd.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
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

    /** The training run's metrics of its final model, on its training rows. */
    public static Evaluation evaluate(TrainingTable table, TableStatistics statistics, LinearModel model) {
        return evaluate(training(table, statistics), table.labelNames(), model);
    }

    /** The query of {@link #evaluate(TrainingTable, TableStatistics, LinearModel)}. */
    public static PartitionSums.Query plan(TableStatistics statistics, TrainingTable table, LinearModel model) {
        return plan(training(table, statistics), model);
    }

    /** The metrics of {@code model} on {@code scoring}'s rows; {@code labels} names them. */
    public static Evaluation evaluate(Scoring scoring, List<String> labels, LinearModel model) {
        int k = labels.size();
        Sums sums = SumsEngines.inSparkSql(scoring.rows().sparkSession()) ? sqlSums(scoring, model, k)
                : cpuSums(scoring, model);
        return of(labels, sums);
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
                        double[] shiftedLabelSquared) {}

    private static Sums sqlSums(Scoring scoring, LinearModel model, int k) {
        double[] total = PartitionSums.sumInPartitionOrder(plan(scoring, model));
        double[][] perLabel = new double[4][k];
        for (int label = 0; label < k; label++) {
            for (int i = 0; i < 4; i++) {
                perLabel[i][label] = total[2 + 4 * label + i];
            }
        }
        long rows = Math.round(total[0]);
        double weight = scoring.weight().isPresent() ? total[2 + 4 * k] : rows;
        return new Sums(rows, weight, Math.round(total[1]), perLabel[0], perLabel[1], perLabel[2], perLabel[3]);
    }

    /** The same sums by {@link ResidualPass}, on the CPU. */
    private static Sums cpuSums(Scoring scoring, LinearModel model) {
        ResidualPass.Totals totals = new ResidualPass(scoring.rows(), scoring.features(), scoring.labels(),
                scoring.weight().orElse(lit(1.0)), scoring.valid()).total(model, scoring.shift(), false);
        return new Sums(totals.rows(), totals.weight(), totals.leftOut(), totals.squared(), totals.absolute(),
                totals.shiftedLabel(), totals.shiftedLabelSquared());
    }

    /**
     * The one pass: rows scored, rows left out, then per label Σ r², Σ |r|, Σ (y − c), Σ (y − c)² over the
     * rows scored; weighted, Σ w·r², Σ w·|r|, Σ w·(y − c), Σ w·(y − c)², then Σ w.
     */
    public static PartitionSums.Query plan(Scoring scoring, LinearModel model) {
        List<Column> perRow = new ArrayList<>();
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
        return new PartitionSums.Query(scoring.rows().select(perRow.toArray(Column[]::new)),
                sums.toArray(Column[]::new));
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
