package org.cropsgd.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.LinearModel;

/**
 * Every group's model scored on its own rows in one pass: the models are a small table
 * ({@link GroupedModel#table}, with each group's label shift) broadcast and joined to the rows on their group,
 * and the sums of {@link ModelEvaluator} are grouped by it. Plain Spark SQL (a broadcast hash join and a hash
 * aggregate, which the RAPIDS Accelerator runs), the same expression whatever the number of groups. A row
 * whose group has no model is counted, not scored. The sums of a group are added in Spark's order, so its
 * metrics are reproducible to rounding, not to the bit.
 */
public final class GroupedEvaluator {
    private GroupedEvaluator() {}

    /**
     * @param groups         each scored group's metrics, by group value
     * @param pooled         the metrics of all scored rows with each row predicted by its group's model; R²'s
     *                       total sum of squares about the overall mean: Σ_g SST_g + Σ_g W_g·(ȳ_g − ȳ)², exactly
     * @param unknownGroups  valid rows whose group has no model (not scored)
     * @param firstUnknown   one of those rows' group, null when none
     * @param sample         the scored rows kept for pictures, each predicted by its group's model (none when
     *                       not asked for), group by group in key order
     */
    public record Result(SortedMap<String, ModelEvaluator.Evaluation> groups, ModelEvaluator.Evaluation pooled,
                         long unknownGroups, String firstUnknown, ModelEvaluator.Sample sample) {}

    /**
     * @param rows      double columns {@code features} and {@code labels}, the weight (or 1) and the group column
     * @param valid     true for a row to score; the others are counted as left out
     * @param group     each row's group value
     * @param models    each group's model, in the units of {@code features}
     * @param shifts    each group's label shift (see {@link ModelEvaluator}): values close to its labels
     * @param sampleFraction  the share of the scored rows the pass keeps for pictures (0: none)
     */
    public static Result evaluate(Dataset<Row> rows, Column[] features, Column[] labels, Column weight,
            Column valid, Column group, List<String> labelNames, Map<String, LinearModel> models,
            Map<String, double[]> shifts, double sampleFraction) {
        int d = features.length;
        int k = labels.length;
        Dataset<Row> withGroup = rows.withColumn(ROW_GROUP, group).withColumn(VALID, valid);
        List<Row> perGroup = query(withGroup, features, labels, weight, models, shifts, sampleFraction)
                .collectAsList();
        SortedMap<String, ModelEvaluator.Sums> sumsByGroup = new TreeMap<>();
        SortedMap<String, List<Double>> sampleByGroup = new TreeMap<>();
        long unknown = 0;
        long leftOut = 0;
        for (Row row : perGroup) {
            leftOut += row.getLong(2);
            unknown += row.getLong(3);
            if (row.isNullAt(0) || row.getLong(1) == 0) {
                continue;
            }
            double[][] perLabel = new double[4][k];
            for (int label = 0; label < k; label++) {
                for (int i = 0; i < 4; i++) {
                    perLabel[i][label] = row.getDouble(5 + 4 * label + i);
                }
            }
            sumsByGroup.put(row.getString(0), new ModelEvaluator.Sums(row.getLong(1), row.getDouble(4), 0,
                    perLabel[0], perLabel[1], perLabel[2], perLabel[3]));
            if (sampleFraction > 0) {
                // The last column: the group's sampled rows.
                List<Double> kept = new ArrayList<>();
                ModelEvaluator.addSampled(row.getList(5 + 4 * k), kept);
                sampleByGroup.put(row.getString(0), kept);
            }
        }
        SortedMap<String, ModelEvaluator.Evaluation> evaluations = new TreeMap<>();
        sumsByGroup.forEach((key, ofGroup) -> evaluations.put(key, ModelEvaluator.of(labelNames, ofGroup)));
        ModelEvaluator.Sums all = pooled(sumsByGroup, shifts, k);
        ModelEvaluator.Sums withLeftOut = new ModelEvaluator.Sums(all.rows(), all.weight(), leftOut, all.squared(),
                all.absolute(), all.shiftedLabel(), all.shiftedLabelSquared());
        String firstUnknown = unknown == 0 ? null
                : withGroup.filter(col(VALID)).join(broadcast(GroupedModel.table(rows.sparkSession(), models, null, d,
                        k).select(GroupedModel.KEY)), col(ROW_GROUP).equalTo(col(GroupedModel.KEY)), "left_anti")
                        .select(col(ROW_GROUP)).head().getString(0);
        double[] sample = sampleByGroup.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue)
                .toArray();
        return new Result(evaluations, ModelEvaluator.of(labelNames, withLeftOut), unknown, firstUnknown,
                ModelEvaluator.sample(labelNames, sample));
    }

    /**
     * The one pass, for plan checks too: per model group (null: the rows joined to none) the scored rows, the
     * rows left out, the valid rows without a model, Σw, then per label Σ w·r², Σ w·|r|, Σ w·(y − c),
     * Σ w·(y − c)²; with a {@code sampleFraction} above 0, the rows kept for pictures last (as
     * {@link ModelEvaluator#plan(ModelEvaluator.Scoring, LinearModel, double)} keeps them).
     *
     * @param withGroup  the rows with their group ({@value #ROW_GROUP}) and validity ({@value #VALID})
     */
    private static Dataset<Row> query(Dataset<Row> withGroup, Column[] features, Column[] labels, Column weight,
            Map<String, LinearModel> models, Map<String, double[]> shifts, double sampleFraction) {
        int d = features.length;
        int k = labels.length;
        Dataset<Row> joined = withGroup.join(broadcast(GroupedModel.table(withGroup.sparkSession(), models, shifts, d,
                k)), col(ROW_GROUP).equalTo(col(GroupedModel.KEY)), "left_outer");
        Column scored = col(VALID).and(col(GroupedModel.KEY).isNotNull());
        if (sampleFraction > 0) {
            joined = joined.withColumn(SAMPLED, ModelEvaluator.sampled(scored, sampleFraction));
        }
        Column w = when(scored, weight).otherwise(lit(0.0));
        List<Column> sums = new ArrayList<>();
        sums.add(sum(when(scored, lit(1L)).otherwise(lit(0L))));
        sums.add(sum(when(col(VALID), lit(0L)).otherwise(lit(1L))));
        sums.add(sum(when(col(VALID).and(col(GroupedModel.KEY).isNull()), lit(1L)).otherwise(lit(0L))));
        sums.add(sum(w));
        List<Column> kept = new ArrayList<>();
        for (int label = 0; label < k; label++) {
            Column r = when(scored, GroupedModel.prediction(label, features).minus(labels[label])).otherwise(lit(0.0));
            Column c = when(scored, labels[label].minus(col(GroupedModel.shift(label)))).otherwise(lit(0.0));
            sums.add(sum(w.multiply(r).multiply(r)));
            sums.add(sum(w.multiply(abs(r))));
            sums.add(sum(w.multiply(c)));
            sums.add(sum(w.multiply(c).multiply(c)));
            kept.add(labels[label]);
            kept.add(GroupedModel.prediction(label, features));
        }
        if (sampleFraction > 0) {
            sums.add(collect_list(ModelEvaluator.sampleEntry(col(SAMPLED), kept)));
        }
        // Per model group (null: the rows joined to none): scored rows, rows left out, valid rows without a
        // model, Σw, then per label Σ w·r², Σ w·|r|, Σ w·(y − c), Σ w·(y − c)².
        return joined.groupBy(col(GroupedModel.KEY))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    }

    /** The query of {@link #evaluate}, for plan checks. */
    public static Dataset<Row> plan(Dataset<Row> rows, Column[] features, Column[] labels, Column weight,
            Column valid, Column group, Map<String, LinearModel> models, Map<String, double[]> shifts,
            double sampleFraction) {
        return query(rows.withColumn(ROW_GROUP, group).withColumn(VALID, valid), features, labels, weight, models,
                shifts, sampleFraction);
    }

    private static final String ROW_GROUP = "__row_group";
    private static final String VALID = "__valid";
    private static final String SAMPLED = "__sampled";

    /** All groups' sums as one set about the overall label mean (see {@link Result#pooled}). */
    private static ModelEvaluator.Sums pooled(SortedMap<String, ModelEvaluator.Sums> groups,
            Map<String, double[]> shifts, int k) {
        long rows = 0;
        double weight = 0;
        double[] squared = new double[k];
        double[] absolute = new double[k];
        double[] weightedMean = new double[k];
        for (ModelEvaluator.Sums sums : groups.values()) {
            rows += sums.rows();
            weight += sums.weight();
        }
        double[] total = new double[k];
        for (Map.Entry<String, ModelEvaluator.Sums> entry : groups.entrySet()) {
            ModelEvaluator.Sums sums = entry.getValue();
            for (int label = 0; label < k; label++) {
                squared[label] += sums.squared()[label];
                absolute[label] += sums.absolute()[label];
                double mean = shifts.get(entry.getKey())[label] + sums.shiftedLabel()[label] / sums.weight();
                weightedMean[label] += sums.weight() * mean / weight;
            }
        }
        for (Map.Entry<String, ModelEvaluator.Sums> entry : groups.entrySet()) {
            ModelEvaluator.Sums sums = entry.getValue();
            for (int label = 0; label < k; label++) {
                double shifted = sums.shiftedLabel()[label];
                double within = sums.shiftedLabelSquared()[label] - shifted * shifted / sums.weight();
                double mean = shifts.get(entry.getKey())[label] + shifted / sums.weight();
                total[label] += within + sums.weight() * (mean - weightedMean[label]) * (mean - weightedMean[label]);
            }
        }
        return new ModelEvaluator.Sums(rows, weight, 0, squared, absolute, new double[k], total);
    }
}
