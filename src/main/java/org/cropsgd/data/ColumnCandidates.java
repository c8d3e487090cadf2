package org.cropsgd.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cropsgd.config.CsvDelimiter;
import org.cropsgd.config.OptionNames;
import org.cropsgd.errors.Errors;

/**
 * The columns the loading pass reads, checked against the input's schema before any value is read: the
 * requested features and labels, or, by default, every numeric or text column that is not a label. A text
 * column (CSV inference reads a column with a single non-number as text) is a default feature only when its
 * values turn out to be mostly numbers ({@link ColumnProfile#mostlyNumbers}), which the pass tells.
 *
 * @param features  feature candidates, in the order requested or, by default, in the input's order
 * @param labels    label columns
 * @param weight    the column of sample weights, if any: read and checked by the pass, never a feature
 * @param groupBy   the group key columns (empty: ungrouped): read as they are, never features
 * @param text      the candidates whose type is text: the pass parses them as numbers
 * @param defaulted whether the features are the default ones
 * @param leftOut   columns left out of the default features before reading, with why ("label")
 */
public record ColumnCandidates(List<String> features, List<String> labels, Optional<String> weight,
        List<String> groupBy, Set<String> text, boolean defaulted, Map<String, String> leftOut) {

    /** What a column is to the run, for the messages that tell how to leave it out. */
    public enum Role {
        FEATURE, DEFAULT_FEATURE, LABEL, WEIGHT
    }

    public ColumnCandidates {
        features = List.copyOf(features);
        labels = List.copyOf(labels);
        groupBy = List.copyOf(groupBy);
        text = Set.copyOf(text);
        leftOut = Collections.unmodifiableMap(new LinkedHashMap<>(leftOut));
    }

    /**
     * Resolves the requested columns against {@code schema}.
     *
     * @param rawNames       the column names as the file spells them (see {@link TableReader.Input})
     * @param otherDelimiter a CSV delimiter the header seems to use instead, for the missing-column message
     */
    public static ColumnCandidates resolve(StructType schema, String[] rawNames, List<String> requestedFeatures,
            List<String> labels, Optional<String> weight, List<String> groupBy,
            Optional<CsvDelimiter> otherDelimiter) {
        rejectDuplicateColumns(rawNames);
        List<String> existing = Arrays.asList(schema.fieldNames());
        requirePresent("label", OptionNames.LABELS, labels, existing, otherDelimiter);
        requirePresent("feature", OptionNames.FEATURES, requestedFeatures, existing, otherDelimiter);
        requirePresent("weight", OptionNames.WEIGHT_COL, weight.stream().toList(), existing, otherDelimiter);
        requirePresent("group", OptionNames.GROUP_BY, groupBy, existing, otherDelimiter);
        boolean defaulted = requestedFeatures.isEmpty();
        List<String> features = new ArrayList<>(requestedFeatures);
        Map<String, String> leftOut = new LinkedHashMap<>();
        if (defaulted) {
            for (StructField field : schema.fields()) {
                if (labels.contains(field.name())) {
                    leftOut.put(field.name(), "label");
                } else if (weight.filter(field.name()::equals).isPresent()) {
                    leftOut.put(field.name(), "weight");
                } else if (groupBy.contains(field.name())) {
                    leftOut.put(field.name(), "group key");
                } else if (isReadable(field.dataType())) {
                    features.add(field.name());
                } else {
                    leftOut.put(field.name(), "type " + field.dataType().simpleString());
                }
            }
        }
        if (features.isEmpty()) {
            throw Errors.noFeatures(existing);
        }
        Set<String> text = new HashSet<>();
        for (String column : concat(concat(features, labels), weight.stream().toList())) {
            DataType type = schema.apply(column).dataType();
            if (!isReadable(type)) {
                throw Errors.notNumericType(column, type.simpleString());
            }
            if (type instanceof StringType) {
                text.add(column);
            }
        }
        return new ColumnCandidates(features, labels, weight, groupBy, text, defaulted, leftOut);
    }

    /** Features first, then labels, then the weight: the columns the pass reads. */
    public List<String> all() {
        return concat(concat(features, labels), weight.stream().toList());
    }

    /** Features first, then labels: the columns whose moments the pass may add up (the weight weighs them). */
    public List<String> trainable() {
        return concat(features, labels);
    }

    public Role role(String column) {
        if (weight.filter(column::equals).isPresent()) {
            return Role.WEIGHT;
        }
        return labels.contains(column) ? Role.LABEL : defaulted ? Role.DEFAULT_FEATURE : Role.FEATURE;
    }

    /** A text column that is a feature only if its values are mostly numbers: one the user did not name. */
    public boolean conditional(String column) {
        return defaulted && text.contains(column) && !labels.contains(column);
    }

    /** The columns to train on: every candidate but the conditional ones {@code keep} rejects. */
    public ColumnSelection select(Predicate<String> keep, List<String> existing) {
        List<String> kept = features.stream().filter(name -> !conditional(name) || keep.test(name)).toList();
        if (kept.isEmpty()) {
            throw Errors.noFeatures(existing);
        }
        return new ColumnSelection(kept, labels, weight);
    }

    /** Numbers, or text that may hold numbers; anything else (booleans, dates, arrays) cannot be trained on. */
    private static boolean isReadable(DataType type) {
        return type instanceof NumericType || type instanceof StringType;
    }

    private static void requirePresent(String role, String option, List<String> wanted, List<String> existing,
            Optional<CsvDelimiter> otherDelimiter) {
        List<String> missing = wanted.stream().filter(name -> !existing.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw otherDelimiter
                    .map(delimiter -> Errors.missingColumnsOtherDelimiter(role, missing, existing,
                            delimiter.toString()))
                    .orElseGet(() -> Errors.missingColumns(role, option, missing, existing));
        }
    }

    private static void rejectDuplicateColumns(String[] names) {
        // Spark resolves column names case-insensitively by default, so "Temp" and "temp" collide too.
        // Spark names empty header fields after their position, so those never collide.
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                continue;
            }
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
