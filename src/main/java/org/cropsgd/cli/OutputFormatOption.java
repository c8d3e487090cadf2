package org.cropsgd.cli;

import org.cropsgd.config.InputFormat;
import org.cropsgd.config.OptionNames;
import picocli.CommandLine.Option;

/**
 * {@code --output-format parquet|csv|orc}: the format of the data files a command writes ({@code predict}'s
 * predictions, {@code generate}'s table), declared once and mixed into both. Written by
 * {@code job.TableWriter}.
 */
final class OutputFormatOption {
    @Option(names = "--" + OptionNames.OUTPUT_FORMAT, paramLabel = "parquet|csv|orc", defaultValue = "parquet",
            description = "Format of the output's data files (CSV with a header row). Default: ${DEFAULT-VALUE}.")
    private InputFormat format;

    InputFormat format() {
        return format;
    }
}
