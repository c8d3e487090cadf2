package org.cropsgd.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.config.OptionNames;
import org.cropsgd.io.ProtectedPaths;
import org.cropsgd.job.EvaluateJob;
import org.cropsgd.job.EvaluateSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cropsgd evaluate}: how well a saved model fits a table that has its labels. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = CropSgd.Version.class,
        sortOptions = false,
        description = "Score a trained model (the model.json of a train output) on a table with its features "
                + "and labels: per-label MSE, RMSE, MAE, R² and the overall loss, in one pass; printed, and "
                + "written to metrics.json with --output.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 130/143 interrupted (Ctrl-C/SIGTERM)."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ScoringOptions scoring;

    @Option(names = "--" + OptionNames.OUTPUT, paramLabel = "DIR",
            description = "Also write the metrics to DIR/metrics.json (any Hadoop path), all-or-nothing.")
    private String output;

    @Option(names = "--" + OptionNames.OVERWRITE, description = "Replace --output if it is an earlier cropsgd "
            + "output or an empty directory (anything else is never touched: exit 2).")
    private boolean overwrite;

    @Option(names = "--" + OptionNames.INVALID, paramLabel = "error|skip", defaultValue = "error",
            description = "A row with a null, NaN, infinite or non-numeric feature or label: fail (exit 3) or "
                    + "leave it out (reported). Default: ${DEFAULT-VALUE}.")
    private InvalidRowPolicy invalid;

    @Option(names = "--" + OptionNames.WEIGHT_COL, paramLabel = "COL",
            description = "Weigh each row's errors by this column (>= 0), as train --weight-col does: the metrics "
                    + "are then the weighted ones training reports. Default: every row weighs 1.")
    private String weightColumn;

    @Mixin
    private PlotsOption plots;

    @Override
    public Integer call() {
        EvaluateSettings settings = new EvaluateSettings(scoring.model(), scoring.input(), scoring.format(),
                scoring.csvDelimiter(), Optional.ofNullable(output), overwrite, invalid, scoring.unknownGroup(),
                Optional.ofNullable(weightColumn), plots.plots());
        SparkSession spark = SparkSession.builder().appName("cropsgd evaluate").getOrCreate();
        settings.output().ifPresent(dir -> ProtectedPaths.none()
                .with("the --input", Optional.of(settings.input()))
                .with("the --model", Optional.of(settings.model()))
                .requireApartFrom(dir, spark.sparkContext().hadoopConfiguration()));
        new EvaluateJob(spark, spec.commandLine().getOut(), spec.commandLine().getErr()).run(settings);
        return 0;
    }
}
