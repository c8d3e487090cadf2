package org.cropsgd.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.config.OptionNames;
import org.cropsgd.errors.Errors;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;

/**
 * Reads the {@code model.json} of an earlier run's output directory (any Hadoop path), for a warm start
 * ({@code --init-model}) or for scoring ({@code --model} of {@code predict} and {@code evaluate}).
 * Everything a warm start relies on is checked here, once, and a mistake is reported with the file and what
 * is wrong in it ("row 2 of weights has 2 numbers, expected 3 (one per feature)"), not with the parser's
 * words: names are strings, there is one weight row per label and one weight per feature in each, one
 * intercept per label, and every number is finite. A failure of the file system itself is not the user's
 * mistake and goes on as an I/O error (a retry may work).
 */
public final class ModelFiles {
    private static final JsonMapper JSON = JsonMapper.builder()
            // NaN and Infinity tokens are read as numbers, so that they are reported as non-finite values
            // of the weight they stand for rather than as a syntax error.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelFiles() {}

    /**
     * Writes {@code model} as {@code model.json} into {@code directory} (a Spark ML save's: the directory is
     * new, Spark's writer has checked it), in the format a {@code train} output has.
     */
    public static void write(String directory, ModelFile model, Configuration hadoopConf) {
        OutputFiles.writeNew(directory, OutputFiles.MODEL, hadoopConf, stream -> OutputFiles.JSON.writeValue(stream, model));
    }

    /** The {@code model.json} of {@code --init-model}: its errors name that option (exit 2). */
    public static ModelFile read(String directory, Configuration hadoopConf) {
        return read(directory, hadoopConf, Errors::initModelUnreadable, Errors::initModelInvalid,
                OptionNames.flag(OptionNames.INIT_MODEL));
    }

    /**
     * The model of {@code --model} ({@code predict}, {@code evaluate}), checked as for a warm start; its
     * errors name {@code --model} (exit 2).
     */
    public static RegressionModel readForScoring(String directory, Configuration hadoopConf) {
        return read(directory, hadoopConf, Errors::modelUnreadable, Errors::modelInvalid,
                OptionNames.flag(OptionNames.MODEL)).toModel();
    }

    /**
     * The grouped model of {@code --model} when its model.json is a grouped output's ({@code group_by}),
     * with every group's model from {@code models.jsonl}; empty for an ungrouped model.
     */
    public static Optional<GroupedModel> readGroupedForScoring(String directory, Configuration hadoopConf) {
        Path dir = new Path(directory);
        Path file = new Path(dir, OutputFiles.MODEL);
        try {
            FileSystem fs = dir.getFileSystem(hadoopConf);
            if (!fs.isFile(file)) {
                return Optional.empty();
            }
            JsonNode root;
            try (InputStream in = fs.open(file)) {
                root = JSON.readTree(in);
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
            if (root == null || !root.isObject() || !root.has("group_by")) {
                return Optional.empty();
            }
            try {
                return Optional.of(parseGrouped(root, fs, new Path(dir, root.path("models").asText(""))));
            } catch (Invalid e) {
                throw Errors.modelInvalid(file.toString(), e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the --model " + file, e);
        }
    }

    private static GroupedModel parseGrouped(JsonNode root, FileSystem fs, Path models) throws IOException {
        List<String> features = names(root, "features", "feature");
        List<String> labels = names(root, "labels", "label");
        List<String> groupBy = names(root, "group_by", "group key");
        Map<String, String> keyTypes = new LinkedHashMap<>();
        root.path("key_types").fields().forEachRemaining(entry -> keyTypes.put(entry.getKey(),
                entry.getValue().asText()));
        if (!fs.isFile(models)) {
            throw new Invalid("its models file " + models.getName() + " is missing");
        }
        SortedMap<String, LinearModel> byGroup = new TreeMap<>();
        try (InputStream in = fs.open(models);
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode group = JSON.readTree(line);
                ModelFile model = parseCoefficients(group, features, labels, "line " + number + " of "
                        + models.getName() + ": ");
                // The group's value as training wrote it: the canonical (compact) JSON of its key.
                byGroup.put(JSON.writeValueAsString(group.get("key")), model.toModel().coefficients());
            }
        }
        if (byGroup.isEmpty()) {
            throw new Invalid(models.getName() + " holds no model");
        }
        return new GroupedModel(features, labels, groupBy, keyTypes, byGroup);
    }

    /**
     * @param unreadable  the error for a directory that is missing, a file, or has no model.json
     * @param invalid     the error for a model.json that is not a valid model
     * @param option      the option that named the directory, for an I/O failure's message
     */
    private static ModelFile read(String directory, Configuration hadoopConf,
            BiFunction<String, String, CropSgdException> unreadable,
            BiFunction<String, String, CropSgdException> invalid, String option) {
        Path dir = new Path(directory);
        Path file = new Path(dir, OutputFiles.MODEL);
        try {
            FileSystem fs = dir.getFileSystem(hadoopConf);
            FileStatus status;
            try {
                status = fs.getFileStatus(dir);
            } catch (FileNotFoundException e) {
                throw unreadable.apply(directory, "it does not exist");
            }
            if (!status.isDirectory()) {
                throw unreadable.apply(directory, "it is a file, not a directory");
            }
            if (!fs.exists(file)) {
                throw unreadable.apply(directory, "it has no " + OutputFiles.MODEL);
            }
            JsonNode root;
            try (InputStream in = fs.open(file)) {
                root = JSON.readTree(in);
            } catch (JsonProcessingException e) {
                throw invalid.apply(file.toString(), syntaxError(e));
            }
            try {
                return parse(root);
            } catch (Invalid e) {
                throw invalid.apply(file.toString(), e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + option + " " + file, e);
        }
    }

    /** What is wrong with text that is not JSON, with its place in the file and without the parser's internals. */
    private static String syntaxError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : String.format(Locale.ROOT, " (line %d, column %d)", at.getLineNr(),
                at.getColumnNr());
        return e instanceof JsonEOFException
                ? "it ends before its JSON is complete" + where + "; it may have been cut short"
                : "it is not valid JSON" + where;
    }

    private static ModelFile parse(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new Invalid("it is empty");
        }
        if (!root.isObject()) {
            throw new Invalid("it holds " + shown(root) + ", not a JSON object");
        }
        List<String> features = names(root, "features", "feature");
        List<String> labels = names(root, "labels", "label");
        ModelFile coefficients = parseCoefficients(root, features, labels, "");
        // The rest only describes how the model was made; a warm start does not use it.
        JsonNode config = root.path("config");
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = config.isObject() ? JSON.convertValue(config, Map.class) : Map.of();
        return new ModelFile(features, labels, coefficients.weights(), coefficients.bias(),
                root.path("standardized").asBoolean(false), settings, root.path("version").asText(null));
    }

    /** The weights and intercepts of {@code root} (what the messages call them prefixed by {@code where}). */
    private static ModelFile parseCoefficients(JsonNode root, List<String> features, List<String> labels,
            String where) {
        try {
            return coefficients(root, features, labels);
        } catch (Invalid e) {
            throw new Invalid(where + e.getMessage());
        }
    }

    private static ModelFile coefficients(JsonNode root, List<String> features, List<String> labels) {
        JsonNode weightRows = array(root, "weights", "one row of weights per label");
        if (weightRows.size() != labels.size()) {
            throw new Invalid(String.format(Locale.ROOT, "weights has %s, expected %d (one per label)",
                    count(weightRows.size(), "row"), labels.size()));
        }
        double[][] weights = new double[labels.size()][];
        for (int row = 0; row < weights.length; row++) {
            String rowName = "row " + (row + 1) + " of weights";
            JsonNode numbers = weightRows.get(row);
            if (!numbers.isArray()) {
                throw new Invalid(rowName + " is " + shown(numbers) + ", expected a list of numbers");
            }
            if (numbers.size() != features.size()) {
                throw new Invalid(String.format(Locale.ROOT, "%s has %s, expected %d (one per feature)", rowName,
                        count(numbers.size(), "number"), features.size()));
            }
            weights[row] = finiteNumbers(numbers, rowName);
        }
        JsonNode intercepts = array(root, "bias", "one intercept per label");
        if (intercepts.size() != labels.size()) {
            throw new Invalid(String.format(Locale.ROOT, "bias has %s, expected %d (one intercept per label)",
                    count(intercepts.size(), "number"), labels.size()));
        }
        double[] bias = finiteNumbers(intercepts, "bias");
        return new ModelFile(features, labels, weights, bias, false, Map.of(), null);
    }

    private static List<String> names(JsonNode root, String field, String what) {
        JsonNode array = array(root, field, "the " + what + " names");
        if (array.isEmpty()) {
            throw new Invalid(field + " is empty, expected the " + what + " names");
        }
        List<String> names = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode name = array.get(i);
            if (!name.isTextual()) {
                throw new Invalid(String.format(Locale.ROOT, "item %d of %s is %s, expected a %s name in quotes",
                        i + 1, field, shown(name), what));
            }
            names.add(name.textValue());
        }
        return names;
    }

    private static JsonNode array(JsonNode root, String field, String expected) {
        JsonNode node = root.get(field);
        if (node == null) {
            throw new Invalid("it has no \"" + field + "\" (" + expected + ")");
        }
        if (!node.isArray()) {
            throw new Invalid(field + " is " + shown(node) + ", expected a list (" + expected + ")");
        }
        return node;
    }

    private static double[] finiteNumbers(JsonNode numbers, String where) {
        double[] values = new double[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode number = numbers.get(i);
            if (!number.isNumber() || !Double.isFinite(number.doubleValue())) {
                throw new Invalid(String.format(Locale.ROOT, "number %d of %s is %s, expected a finite number",
                        i + 1, where, shown(number)));
            }
            values[i] = number.doubleValue();
        }
        return values;
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    /** A JSON value as the file spells it, cut short when long. */
    private static String shown(JsonNode node) {
        String text = node.isNumber() && !Double.isFinite(node.doubleValue())
                ? Double.toString(node.doubleValue())
                : node.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** What is wrong inside a well-formed model.json; becomes the "what" of the user's error. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String what) {
            super(what, null, false, false);
        }
    }
}
