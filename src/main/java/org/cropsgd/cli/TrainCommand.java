package org.cropsgd.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cropsgd train}: the options of a training run, turned into a {@link TrainConfig} and run. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit y = W·x + b for several label columns at once by gradient descent on the mean "
                + "squared error, and write the model, its metrics and the loss history.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 4 training diverged."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Output directory (any Hadoop path), written all-or-nothing.")
    private String output;

    @Option(names = "--overwrite", description = "Replace --output if it exists.")
    private boolean overwrite;

    @Mixin
    private TrainingOptions options;

    @Override
    public Integer call() {
        TrainConfig config = options.toConfig(output, overwrite);
        SparkSession spark = SparkSession.builder().appName("cropsgd train").getOrCreate();
        new TrainingRun(spark, spec.commandLine().getOut()).run(config);
        return 0;
    }
}
