package org.cropsgd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.cropsgd.errors.Errors;

/**
 * Everything one training run needs, validated once when it is built and never changed afterwards. It is
 * logged at the start of a run and saved in {@code model.json}, so a model says how it was made.
 *
 * @param input         table to read (any Hadoop path)
 * @param format        table format; from the extension when not given
 * @param features      feature columns; empty means every numeric column that is not a label
 * @param labels        label columns, one weight row and one intercept each
 * @param output        output directory, written all-or-nothing
 * @param overwrite     replace an existing output directory
 * @param epochs        full-batch gradient steps
 * @param learningRate  step size; empty for {@code auto}, 1/λ from the loss Hessian
 * @param init          initial weights
 * @param seed          seed of the initial weights
 * @param intercept     fit one intercept per label
 * @param standardize   train on standardized features, report in original units
 * @param invalidRows   what to do with rows holding null, NaN or infinite values
 * @param strategy      how the gradient is computed
 */
public record TrainConfig(
        String input,
        Optional<InputFormat> format,
        List<String> features,
        List<String> labels,
        String output,
        boolean overwrite,
        int epochs,
        OptionalDouble learningRate,
        InitMode init,
        long seed,
        boolean intercept,
        boolean standardize,
        InvalidRowPolicy invalidRows,
        GradientStrategy strategy) {

    public TrainConfig {
        require(input, "input");
        require(output, "output");
        if (labels == null || labels.isEmpty()) {
            throw Errors.missingOption("labels");
        }
        features = features == null ? List.of() : List.copyOf(features);
        labels = List.copyOf(labels);
        rejectDuplicates("labels", labels);
        rejectDuplicates("features", features);
        List<String> both = new ArrayList<>(features);
        both.retainAll(labels);
        if (!both.isEmpty()) {
            throw Errors.labelAsFeature(both);
        }
        if (epochs < 0) {
            throw Errors.invalidOption("epochs", epochs, "a whole number >= 0");
        }
        if (learningRate.isPresent()
                && (!(learningRate.getAsDouble() > 0) || Double.isInfinite(learningRate.getAsDouble()))) {
            throw Errors.invalidOption("learning-rate", learningRate.getAsDouble(), "auto or a finite number > 0");
        }
        java.util.Objects.requireNonNull(init, "init");
        java.util.Objects.requireNonNull(invalidRows, "invalidRows");
        java.util.Objects.requireNonNull(strategy, "strategy");
        format = format == null ? Optional.empty() : format;
    }

    /** The format to read: the one given, else the one the input's extension names. */
    public InputFormat resolvedFormat() {
        return format.or(() -> InputFormat.fromExtension(input)).orElseThrow(() -> Errors.unknownFormat(input));
    }

    /** The settings as they are saved in {@code model.json} and logged: option name to value. */
    public Map<String, Object> asOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("input", input);
        options.put("format", resolvedFormat().sourceName());
        options.put("features", features);
        options.put("labels", labels);
        options.put("output", output);
        options.put("overwrite", overwrite);
        options.put("epochs", epochs);
        options.put("learning-rate", learningRate.isPresent() ? (Object) learningRate.getAsDouble() : "auto");
        options.put("init", init.name().toLowerCase(java.util.Locale.ROOT));
        options.put("seed", seed);
        options.put("intercept", intercept);
        options.put("standardize", standardize);
        options.put("invalid", invalidRows.name().toLowerCase(java.util.Locale.ROOT));
        options.put("strategy", strategy.cliName());
        return options;
    }

    private static void require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw Errors.missingOption(option);
        }
    }

    private static void rejectDuplicates(String option, List<String> names) {
        List<String> duplicates = names.stream()
                .filter(name -> names.indexOf(name) != names.lastIndexOf(name))
                .distinct()
                .toList();
        if (!duplicates.isEmpty()) {
            throw Errors.duplicateNames(option, duplicates);
        }
    }
}
