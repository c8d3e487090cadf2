package org.cropsgd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cropsgd.errors.Errors;

/**
 * Everything one training run needs, validated once when it is built and never changed afterwards. It is
 * logged at the start of a run and saved in {@code model.json}, so a model says how it was made.
 *
 * @param input         table to read (any Hadoop path)
 * @param format        table format; from the extension when not given
 * @param csvDelimiter  CSV field delimiter; when not given, ',' unless the header line has none and holds ';'
 *                      or a tab
 * @param features      feature columns; empty means every numeric column that is not a label
 * @param labels        label columns, one weight row and one intercept each
 * @param output        output directory, written all-or-nothing
 * @param overwrite     replace an existing output directory
 * @param epochs        most gradient steps
 * @param optimizer     update rule and its hyper-parameters, learning rate included
 * @param init          initial weights
 * @param seed          seed of the initial weights
 * @param intercept     fit one intercept per label
 * @param standardize   train on standardized features, report in original units
 * @param invalidRows   what to do with rows holding null, NaN or infinite values
 * @param strategy      how the gradient is computed
 * @param l2            ridge penalty λ·ΣW² on the weights (not the intercepts), in training units
 * @param tol           stop when the relative loss improvement stays below this ...
 * @param patience      ... for this many epochs in a row (tol 0: never)
 * @param validationFraction  share of rows held out (seeded) to report a validation loss; 0: none
 * @param batchFraction share of rows sampled (seeded) for each step; 1: full batch
 * @param initModel     output directory of an earlier run to start from
 */
public record TrainConfig(
        String input,
        Optional<InputFormat> format,
        Optional<CsvDelimiter> csvDelimiter,
        List<String> features,
        List<String> labels,
        String output,
        boolean overwrite,
        int epochs,
        OptimizerSettings optimizer,
        InitMode init,
        long seed,
        boolean intercept,
        boolean standardize,
        InvalidRowPolicy invalidRows,
        GradientStrategy strategy,
        double l2,
        double tol,
        int patience,
        double validationFraction,
        double batchFraction,
        Optional<String> initModel) {

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
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw Errors.invalidOption("l2", l2, "a finite number >= 0");
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw Errors.invalidOption("tol", tol, "a finite number >= 0");
        }
        if (patience < 1) {
            throw Errors.invalidOption("patience", patience, "a whole number >= 1");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw Errors.invalidOption("validation-fraction", validationFraction, "a number in [0, 1)");
        }
        if (!(batchFraction > 0 && batchFraction <= 1)) {
            throw Errors.invalidOption("batch-fraction", batchFraction, "a number in (0, 1]");
        }
        if (batchFraction < 1 && strategy == GradientStrategy.SUFFICIENT_STATS) {
            throw Errors.strategyNeedsFullBatch();
        }
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        initModel = initModel == null ? Optional.empty() : initModel;
        java.util.Objects.requireNonNull(init, "init");
        java.util.Objects.requireNonNull(invalidRows, "invalidRows");
        java.util.Objects.requireNonNull(strategy, "strategy");
        format = format == null ? Optional.empty() : format;
        csvDelimiter = csvDelimiter == null ? Optional.empty() : csvDelimiter;
        if (csvDelimiter.isPresent()
                && format.or(() -> InputFormat.fromExtension(input)).filter(f -> f != InputFormat.CSV).isPresent()) {
            throw Errors.optionNeeds("csv-delimiter", "CSV input (--format csv, or an input ending in .csv)");
        }
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
        options.put("csv-delimiter", csvDelimiter.map(CsvDelimiter::toString).orElse(null));
        options.put("features", features);
        options.put("labels", labels);
        options.put("output", output);
        options.put("overwrite", overwrite);
        options.put("epochs", epochs);
        options.put("init", init.name().toLowerCase(java.util.Locale.ROOT));
        options.put("seed", seed);
        options.put("intercept", intercept);
        options.put("standardize", standardize);
        options.put("invalid", invalidRows.name().toLowerCase(java.util.Locale.ROOT));
        options.put("strategy", strategy.cliName());
        options.putAll(optimizer.asOptions());
        options.put("l2", l2);
        options.put("tol", tol);
        options.put("patience", patience);
        options.put("validation-fraction", validationFraction);
        options.put("batch-fraction", batchFraction);
        options.put("init-model", initModel.orElse(null));
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
            throw Errors.duplicateNames(option, names, duplicates);
        }
    }
}
