package org.cropsgd.model;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One model per group ({@code train --group-by}): the same features and labels, a {@link LinearModel} per
 * group value. A row's group is the canonical JSON of its key columns ({@link #key}); scoring joins the rows
 * to {@link #table}, a small table of every group's coefficients that Spark broadcasts, and predicts with
 * plain Spark SQL arithmetic on its columns (no UDF), one expression whatever the number of groups.
 *
 * @param groupBy   the key columns
 * @param keyTypes  each key column's Spark type (DDL) in training: scoring reads the input's key columns as these
 * @param models    each group's model, in the units of the input's columns, by group value
 */
public record GroupedModel(List<String> features, List<String> labels, List<String> groupBy,
                           Map<String, String> keyTypes, SortedMap<String, LinearModel> models) {
    /** The group column of {@link #table}. */
    public static final String KEY = "__model_group";

    /**
     * A row's group: its key columns as canonical JSON ({@code {"region":"Kanto"}}), one string whatever their
     * types; with {@code types}, each column read as its type in training first, so that the same key gives
     * the same string in every table.
     */
    public static Column key(List<String> columns, Map<String, String> types) {
        return to_json(struct(columns.stream().map(name -> {
            Column column = col(QuotingUtils.quoteIdentifier(name));
            String type = types.get(name);
            return (type == null ? column : column.cast(DataType.fromDDL(type))).as(name);
        }).toArray(Column[]::new)));
    }

    /** Each key column's Spark type in {@code schema} (SQL), which scoring reads a table's key columns as. */
    public static Map<String, String> keyTypes(List<String> keys, StructType schema) {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        keys.forEach(key -> types.put(key, schema.apply(key).dataType().sql()));
        return types;
    }

    /** Label {@code label}'s intercept column in {@link #table}. */
    public static String bias(int label) {
        return "__b" + label;
    }

    /** The column in {@link #table} of label {@code label}'s weight of feature {@code j}. */
    public static String weight(int label, int j) {
        return "__w" + label + "_" + j;
    }

    /** Label {@code label}'s shift column in {@link #table} (when shifts are given). */
    public static String shift(int label) {
        return "__c" + label;
    }

    /**
     * Label {@code label}'s prediction over {@code features} (double columns in the model's feature order) with
     * the coefficients of {@link #table}'s columns: null in a row joined to no group.
     */
    public static Column prediction(int label, Column[] features) {
        Column prediction = col(bias(label));
        for (int j = 0; j < features.length; j++) {
            prediction = prediction.plus(features[j].multiply(col(weight(label, j))));
        }
        return prediction;
    }

    /**
     * Feature {@code j} in the units of {@link #table}'s standardization columns: {@code (x − μ_g) / σ_g} with
     * the row's group's mean and scale.
     */
    public static Column standardized(int j, Column feature) {
        return feature.minus(col(MEAN + j)).divide(col(SCALE + j));
    }

    private static final String MEAN = "__m";
    private static final String SCALE = "__s";

    /**
     * One row per group: {@link #KEY}, then per label its intercept, its shift when {@code shifts} are given
     * (values close to the group's labels, for R²'s sums), and its weights.
     */
    public static Dataset<Row> table(SparkSession spark, Map<String, LinearModel> models,
            Map<String, double[]> shifts, int d, int k) {
        return table(spark, models, shifts, null, d, k);
    }

    /**
     * {@link #table} with, when {@code units} are given, each group's feature means and scales first (for
     * {@link #standardized}): the models are then in those units.
     */
    public static Dataset<Row> table(SparkSession spark, Map<String, LinearModel> models,
            Map<String, double[]> shifts, Map<String, Standardization> units, int d, int k) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(KEY, DataTypes.StringType, false));
        if (units != null) {
            for (int j = 0; j < d; j++) {
                fields.add(DataTypes.createStructField(MEAN + j, DataTypes.DoubleType, false));
                fields.add(DataTypes.createStructField(SCALE + j, DataTypes.DoubleType, false));
            }
        }
        for (int label = 0; label < k; label++) {
            fields.add(DataTypes.createStructField(bias(label), DataTypes.DoubleType, false));
            if (shifts != null) {
                fields.add(DataTypes.createStructField(shift(label), DataTypes.DoubleType, false));
            }
            for (int j = 0; j < d; j++) {
                fields.add(DataTypes.createStructField(weight(label, j), DataTypes.DoubleType, false));
            }
        }
        List<Row> rows = new ArrayList<>();
        models.forEach((key, model) -> {
            List<Object> values = new ArrayList<>();
            values.add(key);
            if (units != null) {
                Standardization unit = units.get(key);
                for (int j = 0; j < d; j++) {
                    values.add(unit.mean()[j]);
                    values.add(unit.scale()[j]);
                }
            }
            for (int label = 0; label < k; label++) {
                values.add(model.bias(label));
                if (shifts != null) {
                    values.add(shifts.get(key)[label]);
                }
                for (int j = 0; j < d; j++) {
                    values.add(model.weight(label, j));
                }
            }
            rows.add(RowFactory.create(values.toArray()));
        });
        return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
    }

    /**
     * {@code rows} with their group's coefficients ({@link #table}'s columns; null in a row whose group has no
     * model, {@link #KEY} too): a broadcast left outer join on the row's {@link #key}, which keeps the rows'
     * order and needs no shuffle.
     */
    public Dataset<Row> joinedTo(Dataset<Row> rows) {
        Dataset<Row> withKey = rows.withColumn(ROW_GROUP, key(groupBy, keyTypes));
        return withKey.join(broadcast(table(rows.sparkSession())), col(ROW_GROUP).equalTo(col(KEY)), "left_outer");
    }

    private static final String ROW_GROUP = "__row_group";

    /** {@link #table} of these models. */
    public Dataset<Row> table(SparkSession spark) {
        return table(spark, models, null, features.size(), labels.size());
    }

    /** The prediction columns' names, in label order (as an ungrouped model's). */
    public List<String> predictionColumns() {
        return labels.stream().map(RegressionModel::predictionColumn).toList();
    }
}
