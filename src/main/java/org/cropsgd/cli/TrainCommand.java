package org.cropsgd.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.InputFormat;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cropsgd train}: the options of a training run, turned into a {@link TrainConfig} and run. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit y = W·x + b for several label columns at once by full-batch gradient descent on "
                + "the mean squared error, and write the model, its metrics and the loss history.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 4 training diverged."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--input", paramLabel = "PATH",
            description = "Table to train on: CSV with a header, Parquet or ORC; any Hadoop path (file://, "
                    + "hdfs://, s3a://), directories and globs too.")
    private String input;

    @Option(names = "--format", paramLabel = "csv|parquet|orc",
            description = "Format of --input. Default: from its extension.")
    private InputFormat format;

    @Option(names = "--labels", paramLabel = "COL[,COL...]", split = ",",
            description = "Label columns to predict, one weight row and one intercept each.")
    private List<String> labels;

    @Option(names = "--features", paramLabel = "COL[,COL...]", split = ",",
            description = "Feature columns. Default: every numeric column that is not a label.")
    private List<String> features;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Output directory (any Hadoop path), written all-or-nothing.")
    private String output;

    @Option(names = "--overwrite", description = "Replace --output if it exists.")
    private boolean overwrite;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
            description = "Full-batch gradient steps. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--learning-rate", paramLabel = "X|auto", defaultValue = "auto",
            description = "Step size. auto: 1/λ, λ the largest eigenvalue of the loss Hessian (a step that "
                    + "never overshoots with plain SGD). Default: ${DEFAULT-VALUE}.")
    private String learningRate;

    @Option(names = "--strategy", paramLabel = "auto|per-epoch|sufficient-stats", defaultValue = "auto",
            description = "How the gradient is computed: a Spark SQL pass per epoch, or sufficient "
                    + "statistics (two passes, then every epoch on the driver). auto: sufficient-stats up to "
                    + "64 features. Default: ${DEFAULT-VALUE}.")
    private String strategy;

    @Option(names = "--init", paramLabel = "zeros|normal", defaultValue = "normal",
            description = "Initial weights and intercepts: zeros, or standard normal drawn with --seed. "
                    + "Default: ${DEFAULT-VALUE}.")
    private InitMode init;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of --init normal. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--no-intercept", description = "Fit no intercepts (b = 0).")
    private boolean noIntercept;

    @Option(names = "--standardize", paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "Train on standardized features (x − mean) / stddev; the model is reported in "
                    + "original units either way. Default: ${DEFAULT-VALUE}.")
    private boolean standardize;

    @Option(names = "--invalid", paramLabel = "error|skip", defaultValue = "error",
            description = "Rows with a null, NaN or infinite feature or label: fail (error) or drop them "
                    + "(skip). Default: ${DEFAULT-VALUE}.")
    private InvalidRowPolicy invalid;

    @Option(names = ConfigFileDefaults.OPTION, paramLabel = "FILE",
            description = "Properties file with defaults for these options (keys are the option names "
                    + "without dashes, e.g. learning-rate=0.01); the command line wins.")
    private Path config;

    @Override
    public Integer call() {
        TrainConfig trainConfig = new TrainConfig(input, Optional.ofNullable(format), features, labels,
                output, overwrite, epochs, OptionParsing.learningRate(learningRate), init, seed, !noIntercept,
                standardize, invalid, OptionParsing.strategy(strategy));
        SparkSession spark = SparkSession.builder().appName("cropsgd train").getOrCreate();
        new TrainingRun(spark, spec.commandLine().getOut()).run(trainConfig);
        return 0;
    }
}
