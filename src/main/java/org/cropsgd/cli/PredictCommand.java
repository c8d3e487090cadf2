package org.cropsgd.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.InvalidPredictionPolicy;
import org.cropsgd.config.OptionNames;
import org.cropsgd.errors.Errors;
import org.cropsgd.io.ProtectedPaths;
import org.cropsgd.job.PredictJob;
import org.cropsgd.job.PredictSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cropsgd predict}: a saved model's predictions for every row of a table. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = CropSgd.Version.class,
        sortOptions = false,
        description = "Write the predictions of a trained model (the model.json of a train output) for every "
                + "row of a table: the kept input columns, then one column <label>_predicted per label, "
                + "all-or-nothing.",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 usage or configuration error, "
                + "3 bad input data, 130/143 interrupted (Ctrl-C/SIGTERM)."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ScoringOptions scoring;

    @Option(names = "--" + OptionNames.OUTPUT, paramLabel = "DIR",
            description = "Output directory (any Hadoop path), written all-or-nothing by Spark's writer.")
    private String output;

    @Option(names = "--" + OptionNames.OVERWRITE, description = "Replace --output if it is an earlier cropsgd "
            + "output or an empty directory (anything else is never touched: exit 2).")
    private boolean overwrite;

    @Option(names = "--" + OptionNames.KEEP, paramLabel = "COL[,COL...]", converter = ColumnList.Converter.class,
            description = "Input columns to write before the predictions, in this order. Default: every input "
                    + "column (as --keep-all).")
    private ColumnList keep;

    @Option(names = "--" + OptionNames.KEEP_ALL, description = "Write every input column before the predictions "
            + "(the default; the opposite of --keep).")
    private boolean keepAll;

    @Mixin
    private OutputFormatOption outputFormat;

    @Option(names = "--" + OptionNames.INVALID, paramLabel = "error|skip|null", defaultValue = "error",
            description = "A row with a null, NaN, infinite or non-numeric feature: fail (exit 3, nothing "
                    + "written), leave it out, or write it with null predictions. Default: ${DEFAULT-VALUE}.")
    private InvalidPredictionPolicy invalid;

    @Override
    public Integer call() {
        if (keep != null && keepAll) {
            throw Errors.keepAndKeepAll();
        }
        PredictSettings settings = new PredictSettings(scoring.model(), scoring.input(), scoring.format(),
                scoring.csvDelimiter(), scoring.required(OptionNames.OUTPUT, output), overwrite,
                Optional.ofNullable(keep).map(ColumnList::names), keepAll, outputFormat.format(), invalid,
                scoring.unknownGroup());
        SparkSession spark = SparkSession.builder().appName("cropsgd predict").getOrCreate();
        ProtectedPaths.none()
                .with("the --input", Optional.of(settings.input()))
                .with("the --model", Optional.of(settings.model()))
                .requireApartFrom(settings.output(), spark.sparkContext().hadoopConfiguration());
        new PredictJob(spark, spec.commandLine().getOut()).run(settings);
        return 0;
    }
}
