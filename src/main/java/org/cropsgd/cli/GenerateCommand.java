package org.cropsgd.cli;

import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.GenerateConfig;
import org.cropsgd.config.OptionNames;
import org.cropsgd.job.GenerateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cropsgd generate}: a synthetic table with a known linear model, for benchmarks and checks. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = CropSgd.Version.class,
        sortOptions = false,
        description = "Write a synthetic table: standard-normal features f0..f(D-1) and labels y0..y(K-1) = "
                + "W·x + b + noise (with --regions, each region's own W and b), in DIR/table, and the true W "
                + "and b in DIR/truth.json.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "130/143 interrupted (Ctrl-C/SIGTERM)."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--" + OptionNames.ROWS, paramLabel = "N", required = true, description = "Number of rows.")
    private long rows;

    @Option(names = "--" + OptionNames.FEATURE_COUNT, paramLabel = "D", required = true,
            description = "Number of feature columns, f0..f(D-1).")
    private int features;

    @Option(names = "--" + OptionNames.LABEL_COUNT, paramLabel = "K", required = true,
            description = "Number of label columns, y0..y(K-1).")
    private int labels;

    @Option(names = "--" + OptionNames.OUTPUT, paramLabel = "DIR", required = true,
            description = "Output directory (any Hadoop path), written all-or-nothing.")
    private String output;

    @Option(names = "--" + OptionNames.SEED, paramLabel = "S",
            description = "Seed of the weights and of every random column. Default: "
                    + GenerateConfig.DEFAULT_SEED + ".")
    private long seed = GenerateConfig.DEFAULT_SEED;

    @Option(names = "--" + OptionNames.NOISE, paramLabel = "X",
            description = "Standard deviation of the Gaussian noise added to each label. Default: "
                    + GenerateConfig.DEFAULT_NOISE + ".")
    private double noise = GenerateConfig.DEFAULT_NOISE;

    @Option(names = "--" + OptionNames.REGIONS, paramLabel = "R",
            description = "Number of regions: a first column 'region' (region-1..region-R, zero-padded), each "
                    + "row's region drawn from the seed. Default: 0, no region column.")
    private int regions;

    @Option(names = "--" + OptionNames.REGION_EFFECT, paramLabel = "X",
            description = "Standard deviation of each region's deviation from the global weights and biases "
                    + "(recorded per region in truth.json). Default: 0, one model for every region.")
    private double regionEffect;

    @Option(names = "--" + OptionNames.PARTITIONS, paramLabel = "P",
            description = "Number of data files. Default: Spark's default parallelism.")
    private Integer partitions;

    @Mixin
    private OutputFormatOption outputFormat;

    @Option(names = "--" + OptionNames.OVERWRITE, description = "Replace --output if it is an earlier cropsgd "
            + "output or an empty directory (anything else is never touched: exit 2).")
    private boolean overwrite;

    @Override
    public Integer call() {
        GenerateConfig config = new GenerateConfig(rows, features, labels, output, seed, noise,
                partitions == null ? OptionalInt.empty() : OptionalInt.of(partitions), overwrite, regions, regionEffect,
                outputFormat.format());
        SparkSession spark = SparkSession.builder().appName("cropsgd generate").getOrCreate();
        new GenerateJob(spark, spec.commandLine().getOut()).run(config);
        return 0;
    }
}
