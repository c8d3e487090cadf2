package org.cropsgd.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cropsgd.model.LinearModel;

/**
 * Every group's model scored on its own rows in one pass: the models are a small table (one row per group:
 * its key, intercepts, weights and label shift) broadcast and joined to the rows on the group column, and
 * the sums of {@link ModelEvaluator} are grouped by it. Plain Spark SQL (a broadcast hash join and a hash
 * aggregate, which the RAPIDS Accelerator runs), the same expression whatever the number of groups. A row
 * whose group has no model (a skipped group) is not scored. The sums of a group are added in Spark's order,
 * so its metrics are reproducible to rounding, not to the bit.
 */
public final class GroupedEvaluator {
    private GroupedEvaluator() {}

    /**
     * @param groups  each scored group's metrics, by group value
     * @param pooled  the metrics of all scored rows with each row predicted by its group's model; R²'s total
     *                sum of squares about the overall mean: Σ_g SST_g + Σ_g W_g·(ȳ_g − ȳ)², exactly
     */
    public record Result(SortedMap<String, ModelEvaluator.Evaluation> groups, ModelEvaluator.Evaluation pooled) {}

    /**
     * @param rows      double columns {@code features} and {@code labels}, the weight (or 1) and the group column
     * @param group     the group column's name in {@code rows}
     * @param models    each group's model, in the units of {@code features}
     * @param shifts    each group's label shift (see {@link ModelEvaluator}): values close to its labels
     * @return each group's metrics, for the groups with a model and rows
     */
    public static Result evaluate(Dataset<Row> rows, Column[] features,
            Column[] labels, Column weight, String group, List<String> labelNames, Map<String, LinearModel> models,
            Map<String, double[]> shifts) {
        int d = features.length;
        int k = labels.length;
        Dataset<Row> joined = rows.join(broadcast(modelTable(rows.sparkSession(), models, shifts, d, k)),
                rows.col(group).equalTo(col(MODEL_KEY)));
        List<Column> sums = new ArrayList<>();
        sums.add(count(lit(1)));
        sums.add(sum(weight));
        for (int label = 0; label < k; label++) {
            Column prediction = col(bias(label));
            for (int j = 0; j < d; j++) {
                prediction = prediction.plus(features[j].multiply(col(weightName(label, j))));
            }
            Column r = prediction.minus(labels[label]);
            Column c = labels[label].minus(col(shift(label)));
            sums.add(sum(weight.multiply(r).multiply(r)));
            sums.add(sum(weight.multiply(abs(r))));
            sums.add(sum(weight.multiply(c)));
            sums.add(sum(weight.multiply(c).multiply(c)));
        }
        List<Row> perGroup = joined.groupBy(col(MODEL_KEY))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).collectAsList();
        SortedMap<String, ModelEvaluator.Sums> sumsByGroup = new TreeMap<>();
        for (Row row : perGroup) {
            double[][] perLabel = new double[4][k];
            for (int label = 0; label < k; label++) {
                for (int i = 0; i < 4; i++) {
                    perLabel[i][label] = row.getDouble(3 + 4 * label + i);
                }
            }
            sumsByGroup.put(row.getString(0), new ModelEvaluator.Sums(row.getLong(1), row.getDouble(2), 0,
                    perLabel[0], perLabel[1], perLabel[2], perLabel[3]));
        }
        SortedMap<String, ModelEvaluator.Evaluation> evaluations = new TreeMap<>();
        sumsByGroup.forEach((key, ofGroup) -> evaluations.put(key, ModelEvaluator.of(labelNames, ofGroup)));
        return new Result(evaluations, ModelEvaluator.of(labelNames, pooled(sumsByGroup, shifts, k)));
    }

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

    private static final String MODEL_KEY = "__model_group";

    private static String bias(int label) {
        return "__b" + label;
    }

    private static String weightName(int label, int j) {
        return "__w" + label + "_" + j;
    }

    private static String shift(int label) {
        return "__c" + label;
    }

    /** One row per group: key, then per label its intercept, weights and shift. */
    private static Dataset<Row> modelTable(SparkSession spark, Map<String, LinearModel> models,
            Map<String, double[]> shifts, int d, int k) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(MODEL_KEY, DataTypes.StringType, false));
        for (int label = 0; label < k; label++) {
            fields.add(DataTypes.createStructField(bias(label), DataTypes.DoubleType, false));
            fields.add(DataTypes.createStructField(shift(label), DataTypes.DoubleType, false));
            for (int j = 0; j < d; j++) {
                fields.add(DataTypes.createStructField(weightName(label, j), DataTypes.DoubleType, false));
            }
        }
        List<Row> rows = new ArrayList<>();
        models.forEach((key, model) -> {
            List<Object> values = new ArrayList<>();
            values.add(key);
            for (int label = 0; label < k; label++) {
                values.add(model.bias(label));
                values.add(shifts.get(key)[label]);
                for (int j = 0; j < d; j++) {
                    values.add(model.weight(label, j));
                }
            }
            rows.add(RowFactory.create(values.toArray()));
        });
        return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
    }
}
