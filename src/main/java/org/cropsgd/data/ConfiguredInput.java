package org.cropsgd.data;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.InputFormat;
import org.cropsgd.config.TrainConfig;

/**
 * Reads the {@code --input} of a training run's configuration into an {@link InputTable}, with the
 * progress lines of a long read: the path side of loading, which the {@code train} and {@code gpu-check}
 * jobs do before they hand the rows to the core.
 */
public final class ConfiguredInput {
    private ConfiguredInput() {}

    /** {@code config} with the format of its input decided: given, else from its name or the files in it. */
    public static TrainConfig withFormat(SparkSession spark, TrainConfig config) {
        return config.withFormat(InputFiles.format(config.input(), config.format(),
                spark.sparkContext().hadoopConfiguration()));
    }

    public static InputTable read(SparkSession spark, TrainConfig config, PrintWriter out) {
        InputFormat format = config.resolvedFormat();
        try (LoadProgress progress = LoadProgress.start(spark.sparkContext(), line -> {
            out.println(line);
            out.flush();
        })) {
            progress.phase(format == InputFormat.CSV ? "inferring the column types" : "reading the schema");
            TableReader.Input input = new TableReader(spark, out).read(config.input(), format,
                    config.csvDelimiter());
            return InputTable.read(config.input(), input);
        }
    }
}
