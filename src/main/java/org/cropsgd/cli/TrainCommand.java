package org.cropsgd.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.CheckpointSettings;
import org.cropsgd.config.OptionNames;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.io.ProtectedPaths;
import org.cropsgd.job.TrainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cropsgd train}: the options of a training run, turned into a {@link TrainConfig} and run. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = CropSgd.Version.class, sortOptions = false,
        description = "Fit y = W·x + b for several label columns at once by gradient descent on the mean "
                + "squared error, and write the model, its metrics and the loss history.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 4 training diverged, 130/143 interrupted (Ctrl-C/SIGTERM)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--" + OptionNames.OUTPUT, paramLabel = "DIR",
            description = "Output directory (any Hadoop path), written all-or-nothing.")
    private String output;

    @Option(names = "--" + OptionNames.OVERWRITE, description = "Replace --output if it is an earlier cropsgd output or an "
            + "empty directory (anything else is never touched: exit 2).")
    private boolean overwrite;

    @Option(names = "--" + OptionNames.CHECKPOINT_DIR, paramLabel = "DIR",
            description = "Save the training state (model, optimizer state, epoch, history) to DIR (any Hadoop "
                    + "path) every --checkpoint-every epochs, atomically; deleted once the output is written.")
    private String checkpointDir;

    @Option(names = "--" + OptionNames.CHECKPOINT_EVERY, paramLabel = "N",
            description = "Epochs between two checkpoints. Default: " + CheckpointSettings.DEFAULT_EVERY + ".")
    private Integer checkpointEvery;

    @Option(names = "--" + OptionNames.RESUME,
            description = "Go on from the newest checkpoint in --checkpoint-dir (start at epoch 0 when there is "
                    + "none). The result is bit for bit the uninterrupted run's. A checkpoint made with other "
                    + "data or options is refused (exit 2).")
    private boolean resume;

    @Mixin
    private PlotsOption plots;

    @Mixin
    private TrainingOptions options;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        TrainConfig config = options.toConfig(output, overwrite);
        CheckpointSettings checkpoints = CheckpointSettings.of(checkpointDir, checkpointEvery, resume);
        SparkSession spark = SparkSession.builder().appName("cropsgd train").getOrCreate();
        pathsTheOutputMustKeepApartFrom(config, checkpoints)
                .requireApartFrom(config.output(), spark.sparkContext().hadoopConfiguration());
        new TrainJob(spark, spec.commandLine().getOut(), spec.commandLine().getErr(), started, plots.plots())
                .run(config, checkpoints);
        return 0;
    }

    private ProtectedPaths pathsTheOutputMustKeepApartFrom(TrainConfig config, CheckpointSettings checkpoints) {
        return ProtectedPaths.none()
                .with("the " + OptionNames.flag(OptionNames.INPUT), Optional.of(config.input()))
                .with("the " + OptionNames.flag(OptionNames.INIT_MODEL), config.initModel())
                .with("the " + OptionNames.flag(OptionNames.CHECKPOINT_DIR), checkpoints.directory())
                .with("the " + OptionNames.flag(OptionNames.CONFIG) + " file", options.configFile()
                        .map(file -> file.toAbsolutePath().normalize().toUri().toString()));
    }
}
