package org.cropsgd.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cropsgd.errors.Errors;

/**
 * Which columns of the input are features and which are labels, checked against the input's schema.
 * Features default to every numeric column that is not a label, so a name column such as {@code region}
 * is never a feature.
 */
public record ColumnSelection(List<String> features, List<String> labels) {

    public ColumnSelection {
        features = List.copyOf(features);
        labels = List.copyOf(labels);
    }

    /**
     * Resolves the requested columns against {@code schema}.
     *
     * @param rawNames the column names as the file spells them (see {@link TableReader#rawColumnNames})
     */
    public static ColumnSelection resolve(StructType schema, String[] rawNames, List<String> requestedFeatures,
            List<String> labels) {
        rejectDuplicateColumns(rawNames);
        List<String> existing = Arrays.asList(schema.fieldNames());
        requirePresent("label", labels, existing);
        List<String> features = requestedFeatures.isEmpty()
                ? defaultFeatures(schema, labels)
                : requestedFeatures;
        requirePresent("feature", features, existing);
        if (features.isEmpty()) {
            throw Errors.noFeatures(existing);
        }
        for (String column : concat(features, labels)) {
            DataType type = schema.apply(column).dataType();
            if (!(type instanceof NumericType) && !(type instanceof StringType)) {
                throw Errors.notNumericType(column, type.simpleString());
            }
        }
        return new ColumnSelection(features, labels);
    }

    /** Features first, then labels: the column order of the training table. */
    public List<String> all() {
        return concat(features, labels);
    }

    private static List<String> defaultFeatures(StructType schema, List<String> labels) {
        List<String> features = new ArrayList<>();
        for (StructField field : schema.fields()) {
            if (field.dataType() instanceof NumericType && !labels.contains(field.name())) {
                features.add(field.name());
            }
        }
        return features;
    }

    private static void requirePresent(String role, List<String> wanted, List<String> existing) {
        List<String> missing = wanted.stream().filter(name -> !existing.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw Errors.missingColumns(role, missing, existing);
        }
    }

    private static void rejectDuplicateColumns(String[] names) {
        // Spark resolves column names case-insensitively by default, so "Temp" and "temp" collide too.
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String name : names) {
            if (!seen.add(name.toLowerCase(Locale.ROOT)) && !duplicates.contains(name)) {
                duplicates.add(name);
            }
        }
        if (!duplicates.isEmpty()) {
            throw Errors.duplicateColumns(duplicates);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
