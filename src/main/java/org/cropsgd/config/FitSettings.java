package org.cropsgd.config;

import static org.cropsgd.config.OptionNames.BATCH_FRACTION;
import static org.cropsgd.config.OptionNames.EPOCHS;
import static org.cropsgd.config.OptionNames.FEATURES;
import static org.cropsgd.config.OptionNames.GROUP_BY;
import static org.cropsgd.config.OptionNames.ON_GROUP_FAILURE;
import static org.cropsgd.config.OptionNames.INIT;
import static org.cropsgd.config.OptionNames.INTERCEPT;
import static org.cropsgd.config.OptionNames.INVALID;
import static org.cropsgd.config.OptionNames.L2;
import static org.cropsgd.config.OptionNames.LABELS;
import static org.cropsgd.config.OptionNames.PATIENCE;
import static org.cropsgd.config.OptionNames.SEED;
import static org.cropsgd.config.OptionNames.STANDARDIZE;
import static org.cropsgd.config.OptionNames.STRATEGY;
import static org.cropsgd.config.OptionNames.TOL;
import static org.cropsgd.config.OptionNames.VALIDATION_FRACTION;
import static org.cropsgd.config.OptionNames.WEIGHT_COL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cropsgd.errors.Errors;

/**
 * What to train, and nothing about where the data comes from or where the model goes: the settings the
 * core ({@code train.Fitter}) takes, validated once when they are built. {@link TrainConfig} adds the paths
 * of a command-line run.
 *
 * @param features      feature columns; empty means every numeric column that is not a label
 * @param labels        label columns, one weight row and one intercept each
 * @param weightColumn  a column of sample weights w ≥ 0 (every sum over the rows gets a factor w); empty: all 1
 * @param grouping      one model per distinct value of these key columns ({@link Grouping#NONE}: one model)
 * @param epochs        most gradient steps
 * @param optimizer     update rule and its hyper-parameters, learning rate included
 * @param init          initial weights (unless {@code warmStart})
 * @param seed          seed of the initial weights, the validation split and the mini-batches
 * @param intercept     fit one intercept per label
 * @param standardize   train on standardized features, report in original units
 * @param invalidRows   what to do with rows holding null, NaN or infinite values
 * @param strategy      how the gradient is computed
 * @param l2            ridge penalty λ·ΣW² on the weights (not the intercepts), in training units
 * @param tol           stop when the relative loss improvement stays below this ...
 * @param patience      ... for this many epochs in a row (tol 0: never)
 * @param validationFraction  share of rows held out (seeded) to report a validation loss; 0: none
 * @param batchFraction share of rows sampled (seeded) for each step; 1: full batch
 * @param warmStart     a model to start from instead of {@code init}
 */
public record FitSettings(
        List<String> features,
        List<String> labels,
        Optional<String> weightColumn,
        Grouping grouping,
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
        Optional<WarmStart> warmStart) {

    public FitSettings {
        if (labels == null || labels.isEmpty()) {
            throw Errors.missingOption(LABELS);
        }
        features = features == null ? List.of() : List.copyOf(features);
        labels = List.copyOf(labels);
        rejectDuplicates(LABELS, labels);
        rejectDuplicates(FEATURES, features);
        List<String> both = new ArrayList<>(features);
        both.retainAll(labels);
        if (!both.isEmpty()) {
            throw Errors.labelAsFeature(both);
        }
        weightColumn = weightColumn == null ? Optional.empty() : weightColumn;
        grouping = grouping == null ? Grouping.NONE : grouping;
        rejectDuplicates(GROUP_BY, grouping.columns());
        for (String key : grouping.columns()) {
            if (features.contains(key) || labels.contains(key) || weightColumn.filter(key::equals).isPresent()) {
                throw Errors.groupColumnInUse(key);
            }
        }
        if (weightColumn.isPresent() && (features.contains(weightColumn.get()) || labels.contains(weightColumn.get()))) {
            throw Errors.weightColumnInUse(weightColumn.get(), labels.contains(weightColumn.get()) ? LABELS : FEATURES);
        }
        if (epochs < 0) {
            throw Errors.invalidOption(EPOCHS, epochs, "a whole number >= 0");
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw Errors.invalidOption(L2, l2, "a finite number >= 0");
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw Errors.invalidOption(TOL, tol, "a finite number >= 0");
        }
        if (patience < 1) {
            throw Errors.invalidOption(PATIENCE, patience, "a whole number >= 1");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw Errors.invalidOption(VALIDATION_FRACTION, validationFraction, "a number in [0, 1)");
        }
        if (!(batchFraction > 0 && batchFraction <= 1)) {
            throw Errors.invalidOption(BATCH_FRACTION, batchFraction, "a number in (0, 1]");
        }
        if (batchFraction < 1 && strategy == GradientStrategy.SUFFICIENT_STATS) {
            throw Errors.strategyNeedsFullBatch();
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(invalidRows, "invalidRows");
        Objects.requireNonNull(strategy, "strategy");
        warmStart = warmStart == null ? Optional.empty() : warmStart;
        if (grouping.grouped()) {
            rejectWithGroups(validationFraction > 0, VALIDATION_FRACTION);
            rejectWithGroups(batchFraction < 1, BATCH_FRACTION);
            rejectWithGroups(warmStart.isPresent(), OptionNames.INIT_MODEL);
        }
    }

    /** What grouped training does not do yet (issue 12's later parts): refused, never silently ignored. */
    private static void rejectWithGroups(boolean given, String option) {
        if (given) {
            throw Errors.notWithGroups(option);
        }
    }

    /** These settings, starting from {@code start} instead of {@link #init}. */
    public FitSettings withWarmStart(WarmStart start) {
        return new FitSettings(features, labels, weightColumn, grouping, epochs, optimizer, init, seed, intercept, standardize, invalidRows,
                strategy, l2, tol, patience, validationFraction, batchFraction, Optional.of(start));
    }

    /** Whether each step samples rows ({@code batchFraction} below 1). */
    public boolean miniBatches() {
        return batchFraction < 1;
    }

    /**
     * Whether a run on a table with at most {@code features} features reads its rows many times: per-epoch
     * gradients, mini-batches or a validation split. Then the loading pass caches the rows. A
     * sufficient-statistics run otherwise reads them once more only, for the final metrics (twice for a
     * near-exact fit's anchor), and reads the input again rather than holding all of it in memory.
     */
    public boolean readsRowsOften(int features) {
        return strategy.resolve(features, miniBatches()) == GradientStrategy.PER_EPOCH || miniBatches()
                || validationFraction > 0;
    }

    /**
     * The settings by option name, in the order {@code model.json} has always listed them (the warm start is
     * the run's {@code --init-model}, which {@link TrainConfig} adds).
     */
    public Map<String, Object> asOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(FEATURES, features);
        options.put(LABELS, labels);
        // Only when given, so that the settings of an unweighted run read as they always have.
        weightColumn.ifPresent(name -> options.put(WEIGHT_COL, name));
        if (grouping.grouped()) {
            options.put(GROUP_BY, grouping.columns());
            options.put(ON_GROUP_FAILURE, grouping.failurePolicy());
        }
        options.put(EPOCHS, epochs);
        options.put(INIT, init.name().toLowerCase(Locale.ROOT));
        options.put(SEED, seed);
        options.put(INTERCEPT, intercept);
        options.put(STANDARDIZE, standardize);
        options.put(INVALID, invalidRows.name().toLowerCase(Locale.ROOT));
        options.put(STRATEGY, strategy.cliName());
        options.putAll(optimizer.asOptions());
        options.put(L2, l2);
        options.put(TOL, tol);
        options.put(PATIENCE, patience);
        options.put(VALIDATION_FRACTION, validationFraction);
        options.put(BATCH_FRACTION, batchFraction);
        return options;
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
