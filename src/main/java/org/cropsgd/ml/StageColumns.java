package org.cropsgd.ml;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cropsgd.data.LoadingPass;
import org.cropsgd.errors.Errors;

/**
 * The columns a cropsgd stage reads and adds, checked against a schema with the messages of the command
 * line (naming the param and the column, listing the columns there are), and the features as plain double
 * columns: {@code inputCols} themselves, or each element of the {@code featuresCol} vector.
 */
final class StageColumns {
    private StageColumns() {}

    /** Checks what fitting {@code params} on {@code schema} reads; the schema with the predictions added. */
    static StructType checkForFit(CropSgdParams params, StructType schema) {
        List<String> labels = params.getLabelCols();
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("CropSgdRegressor: labelCols is not set; set the label column(s), "
                    + "e.g. setLabelCols(new String[] {\"apples\", \"oranges\"}).");
        }
        requireNumeric(schema, params.labelCols().name(), labels);
        params.getWeightCol().ifPresent(weight -> requireNumeric(schema, params.weightCol().name(), List.of(weight)));
        return checkForTransform(params, schema);
    }

    /** Checks the features and group columns {@code params} read from {@code schema}; the schema with the predictions added. */
    static StructType checkForTransform(CropSgdParams params, StructType schema) {
        requirePresent(schema, params.groupCols().name(), params.getGroupCols());
        Optional<List<String>> inputs = params.getInputCols();
        if (inputs.isPresent()) {
            requireNumeric(schema, params.inputCols().name(), inputs.get());
        } else {
            String vector = params.getFeaturesCol();
            requirePresent(schema, params.featuresCol().name(), List.of(vector));
            DataType type = schema.apply(vector).dataType();
            if (!(type instanceof VectorUDT)) {
                throw new IllegalArgumentException(String.format("Column '%s' (featuresCol) has type %s, not a "
                        + "vector. Assemble the features with VectorAssembler, or name numeric columns with "
                        + "setInputCols.", vector, type.simpleString()));
            }
        }
        List<String> predictions = params.getPredictionCols();
        if (predictions.size() != params.getLabelCols().size()) {
            throw new IllegalArgumentException(String.format("predictionCols names %d columns %s for %d labelCols "
                    + "%s; name one per label, in the same order.", predictions.size(), predictions,
                    params.getLabelCols().size(), params.getLabelCols()));
        }
        List<String> clashes = predictions.stream().filter(name -> Arrays.asList(schema.fieldNames()).contains(name))
                .toList();
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(String.format("The input already has the column(s) %s, which are "
                    + "the prediction columns (predictionCols); drop or rename them, or set other predictionCols.",
                    clashes));
        }
        StructType out = schema;
        for (String name : predictions) {
            out = out.add(DataTypes.createStructField(name, DataTypes.DoubleType, true));
        }
        return out;
    }

    /**
     * The feature names a fit on {@code data} trains on: {@code inputCols}; or, for a vector, the names
     * VectorAssembler recorded (so that the saved model.json scores the raw columns with {@code predict}), or
     * {@code featuresCol[j]} when it recorded none or they are not distinct.
     */
    static List<String> featureNames(CropSgdParams params, Dataset<?> data) {
        if (params.getInputCols().isPresent()) {
            return params.getInputCols().get();
        }
        String vector = params.getFeaturesCol();
        AttributeGroup group = AttributeGroup.fromStructField(data.schema().apply(vector));
        int size = group.size();
        if (size < 0) {
            Row first = data.select(col(QuotingUtils.quoteIdentifier(vector))).head();
            size = ((Vector) first.get(0)).size();
        }
        List<String> names = new ArrayList<>();
        if (group.attributes().isDefined()) {
            for (Attribute attribute : group.attributes().get()) {
                attribute.name().foreach(names::add);
            }
        }
        Set<String> others = new HashSet<>(otherColumns(params));
        if (names.size() != size || new HashSet<>(names).size() != size || names.stream().anyMatch(others::contains)) {
            names.clear();
            for (int j = 0; j < size; j++) {
                names.add(vector + "[" + j + "]");
            }
        }
        return names;
    }

    /**
     * The features as double columns named {@code names} (with the other columns a fit needs): the input
     * itself for {@code inputCols}, the vector's elements otherwise.
     */
    static Dataset<Row> asColumns(CropSgdParams params, Dataset<?> data, List<String> names) {
        if (params.getInputCols().isPresent()) {
            return data.toDF();
        }
        List<Column> columns = new ArrayList<>();
        Column[] x = features(params, data.schema(), names.size());
        for (int j = 0; j < x.length; j++) {
            columns.add(x[j].as(names.get(j)));
        }
        otherColumns(params).forEach(name -> columns.add(col(QuotingUtils.quoteIdentifier(name))));
        return data.select(columns.toArray(Column[]::new));
    }

    /** The columns a fit reads besides the features: the labels, the weight, the group keys. */
    private static List<String> otherColumns(CropSgdParams params) {
        List<String> others = new ArrayList<>(params.getLabelCols());
        params.getWeightCol().ifPresent(others::add);
        others.addAll(params.getGroupCols());
        return others;
    }

    /** The {@code d} features of each row of {@code schema} as doubles, in the model's order. */
    static Column[] features(CropSgdParams params, StructType schema, int d) {
        Column[] x = new Column[d];
        if (params.getInputCols().isPresent()) {
            List<String> names = params.getInputCols().get();
            for (int j = 0; j < d; j++) {
                x[j] = LoadingPass.asDouble(schema, names.get(j));
            }
        } else {
            Column array = vector_to_array(col(QuotingUtils.quoteIdentifier(params.getFeaturesCol())), "float64");
            for (int j = 0; j < d; j++) {
                x[j] = array.getItem(j);
            }
        }
        return x;
    }

    private static void requirePresent(StructType schema, String param, List<String> columns) {
        List<String> existing = Arrays.asList(schema.fieldNames());
        List<String> missing = columns.stream().filter(name -> !existing.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(Errors.missingColumns(param, missing, existing).getMessage());
        }
    }

    private static void requireNumeric(StructType schema, String param, List<String> columns) {
        requirePresent(schema, param, columns);
        for (String name : columns) {
            StructField field = schema.apply(name);
            if (!(field.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException(Errors.notNumericType(name, field.dataType().simpleString())
                        .getMessage() + " (" + param + ")");
            }
        }
    }
}
