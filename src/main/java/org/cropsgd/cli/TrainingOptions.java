package org.cropsgd.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cropsgd.config.Grouping;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.config.OptimizerKind;
import org.cropsgd.config.OptimizerSettings;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.OptionDefaults;
import org.cropsgd.config.OptionNames;
import org.cropsgd.config.OptionValues;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that say what to train and how: data, columns, strategy, optimizer, stopping. Shared by
 * {@code train} and {@code gpu-check}, so that the check sees exactly the plans a training run with the
 * same options would run.
 */
final class TrainingOptions {
    @Option(names = "--" + OptionNames.INPUT, paramLabel = "PATH",
            description = "Table to train on: CSV with a header, Parquet or ORC; any Hadoop path (file://, "
                    + "hdfs://, s3a://), directories and globs too.")
    private String input;

    @Mixin
    private InputFormatOptions formatOptions;

    @Option(names = "--" + OptionNames.LABELS, paramLabel = "COL[,COL...]", converter = ColumnList.Converter.class,
            description = "Label columns to predict, one weight row and one intercept each (spaces around "
                    + "names are ignored).")
    private ColumnList labels;

    @Option(names = "--" + OptionNames.FEATURES, paramLabel = "COL[,COL...]", converter = ColumnList.Converter.class,
            description = "Feature columns (spaces around names are ignored). Default: every numeric column "
                    + "that is not a label.")
    private ColumnList features;

    @Option(names = "--" + OptionNames.WEIGHT_COL, paramLabel = "COL",
            description = "A column of sample weights (>= 0, e.g. planted area): every row's squared error, "
                    + "gradient and metric counts w times, as MLlib's weightCol. Default: every row weighs 1.")
    private String weightColumn;

    @Option(names = "--" + OptionNames.GROUP_BY, paramLabel = "COL[,COL...]", converter = ColumnList.Converter.class,
            description = "Fit one independent model per distinct value of these key columns (any type Spark "
                    + "groups on; a null key is an error), from one pass over the table.")
    private ColumnList groupBy;

    /** {@code --on-group-failure}'s values. */

    @Option(names = "--" + OptionNames.ON_GROUP_FAILURE, paramLabel = "error|skip", defaultValue = OptionDefaults.ON_GROUP_FAILURE,
            description = "With --group-by: a group that diverges or has fewer rows than parameters fails the "
                    + "run (error, naming the group) or is recorded in metrics.json and left without a model "
                    + "(skip). Default: ${DEFAULT-VALUE}.")
    private Grouping.FailurePolicy onGroupFailure;

    @Option(names = "--" + OptionNames.EPOCHS, paramLabel = "N", defaultValue = OptionDefaults.EPOCHS,
            description = "Full-batch gradient steps. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--" + OptionNames.LEARNING_RATE, paramLabel = "X|auto", defaultValue = OptionDefaults.LEARNING_RATE,
            description = "Step size. auto: 1/λ, λ the largest eigenvalue of the loss Hessian (a step that "
                    + "never overshoots with plain SGD). Default: ${DEFAULT-VALUE}.")
    private String learningRate;

    @Option(names = "--" + OptionNames.STRATEGY, paramLabel = "auto|per-epoch|sufficient-stats", defaultValue = OptionDefaults.STRATEGY,
            description = "How the gradient is computed: a Spark SQL pass per epoch, or sufficient "
                    + "statistics (the moments from the loading pass, then every epoch on the driver). auto: "
                    + "sufficient-stats up to " + GradientStrategy.MAX_SUFFICIENT_STATS_FEATURES
                    + " features without mini-batches. Default: ${DEFAULT-VALUE}.")
    private String strategy;

    @Option(names = "--" + OptionNames.OPTIMIZER, paramLabel = "sgd|adam", defaultValue = OptionDefaults.OPTIMIZER,
            description = "Update rule, as torch.optim.SGD or torch.optim.Adam. Default: ${DEFAULT-VALUE}.")
    private OptimizerKind optimizer;

    @Option(names = "--" + OptionNames.MOMENTUM, paramLabel = "M", defaultValue = OptionDefaults.MOMENTUM,
            description = "SGD momentum (torch semantics, dampening 0). Default: ${DEFAULT-VALUE}.")
    private double momentum;

    @Option(names = "--" + OptionNames.NESTEROV, description = "Nesterov momentum (SGD, needs --momentum > 0).")
    private boolean nesterov;

    @Option(names = "--" + OptionNames.WEIGHT_DECAY, paramLabel = "WD", defaultValue = OptionDefaults.WEIGHT_DECAY,
            description = "torch's weight_decay: adds WD·θ to the gradient of every parameter, intercepts "
                    + "included. Default: ${DEFAULT-VALUE}.")
    private double weightDecay;

    @Option(names = "--" + OptionNames.BETA1, paramLabel = "B1", defaultValue = OptionDefaults.BETA1,
            description = "Adam's first-moment decay. Default: ${DEFAULT-VALUE}.")
    private double beta1;

    @Option(names = "--" + OptionNames.BETA2, paramLabel = "B2", defaultValue = OptionDefaults.BETA2,
            description = "Adam's second-moment decay. Default: ${DEFAULT-VALUE}.")
    private double beta2;

    @Option(names = "--" + OptionNames.EPS, paramLabel = "EPS", defaultValue = OptionDefaults.EPS,
            description = "Adam's denominator term. Default: ${DEFAULT-VALUE}.")
    private double eps;

    @Option(names = "--" + OptionNames.L2, paramLabel = "LAMBDA", defaultValue = OptionDefaults.L2,
            description = "Ridge penalty LAMBDA·ΣW² on the weights (not the intercepts), in training units; "
                    + "reported apart from the MSE. Default: ${DEFAULT-VALUE}.")
    private double l2;

    @Option(names = "--" + OptionNames.TOL, paramLabel = "T", defaultValue = OptionDefaults.TOL,
            description = "Stop early when the relative loss improvement stays below T for --patience epochs "
                    + "(the validation loss when there is a validation split). 0: never. "
                    + "Default: ${DEFAULT-VALUE}.")
    private double tol;

    @Option(names = "--" + OptionNames.PATIENCE, paramLabel = "P", defaultValue = OptionDefaults.PATIENCE,
            description = "Epochs in a row below --tol before stopping. Default: ${DEFAULT-VALUE}.")
    private int patience;

    @Option(names = "--" + OptionNames.VALIDATION_FRACTION, paramLabel = "F", defaultValue = OptionDefaults.VALIDATION_FRACTION,
            description = "Hold out this share of rows (split seeded by --seed) and report its loss each "
                    + "epoch. Default: ${DEFAULT-VALUE}.")
    private double validationFraction;

    @Option(names = "--" + OptionNames.BATCH_FRACTION, paramLabel = "F", defaultValue = OptionDefaults.BATCH_FRACTION,
            description = "Each step uses a sample of this share of the rows (seeded by --seed; a draw with no rows is skipped): "
                    + "stochastic mini-batch steps, per-epoch strategy only. Default: ${DEFAULT-VALUE}.")
    private double batchFraction;

    @Option(names = "--" + OptionNames.INIT_MODEL, paramLabel = "DIR",
            description = "Warm start from the model in DIR (an earlier train output with the same features "
                    + "and labels) instead of --init.")
    private String initModel;

    @Option(names = "--" + OptionNames.INIT, paramLabel = "zeros|normal", defaultValue = OptionDefaults.INIT,
            description = "Initial weights and intercepts: zeros, or standard normal drawn with --seed. "
                    + "Default: ${DEFAULT-VALUE}.")
    private InitMode init;

    @Option(names = "--" + OptionNames.SEED, paramLabel = "N", defaultValue = OptionDefaults.SEED,
            description = "Seed of --init normal. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--" + OptionNames.NO_INTERCEPT, description = "Fit no intercepts (b = 0).")
    private boolean noIntercept;

    @Option(names = "--" + OptionNames.STANDARDIZE, paramLabel = "true|false", arity = "1", defaultValue = OptionDefaults.STANDARDIZE,
            description = "Train on standardized features (x − mean) / stddev; the model is reported in "
                    + "original units either way. Default: ${DEFAULT-VALUE}.")
    private boolean standardize;

    @Option(names = "--" + OptionNames.INVALID, paramLabel = "error|skip", defaultValue = OptionDefaults.INVALID,
            description = "Rows with a null, NaN or infinite feature or label: fail (error) or drop them "
                    + "(skip). Default: ${DEFAULT-VALUE}.")
    private InvalidRowPolicy invalid;

    @Option(names = "--" + OptionNames.CONFIG, paramLabel = "FILE",
            description = "Properties file with defaults for these options (keys are the option names "
                    + "without dashes, e.g. learning-rate=0.01); the command line wins.")
    private Path config;

    /** The file given with --config, if any. */
    Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    /** The options as a validated configuration, with the output settings of the command. */
    TrainConfig toConfig(String output, boolean overwrite) {
        TrainConfig.requirePaths(input, output);
        OptimizerSettings optimizerSettings = new OptimizerSettings(optimizer,
                OptionValues.learningRate(learningRate), momentum, nesterov, weightDecay, beta1, beta2, eps);
        FitSettings fit = new FitSettings(names(features), names(labels), Optional.ofNullable(weightColumn),
                new Grouping(names(groupBy), onGroupFailure == Grouping.FailurePolicy.SKIP), epochs, optimizerSettings, init, seed,
                !noIntercept, standardize, invalid, OptionValues.strategy(strategy), l2, tol, patience,
                validationFraction, batchFraction, Optional.empty());
        return new TrainConfig(input, formatOptions.format(), formatOptions.csvDelimiter(), output, overwrite,
                Optional.ofNullable(initModel), fit);
    }

    private static List<String> names(ColumnList columns) {
        return columns == null ? null : columns.names();
    }
}
