package org.cropsgd.cli;

import java.util.Optional;
import org.cropsgd.config.CsvDelimiter;
import org.cropsgd.config.InputFormat;
import org.cropsgd.config.OptionNames;
import picocli.CommandLine.Option;

/**
 * How to read {@code --input}: {@code --format} and {@code --csv-delimiter}, as every command that reads a
 * table spells them ({@code train}, {@code gpu-check}, {@code predict}, {@code evaluate}). What they decide
 * is {@link InputFormat#resolve} and {@link CsvDelimiter#forInput}.
 */
final class InputFormatOptions {
    @Option(names = "--" + OptionNames.FORMAT, paramLabel = "csv|parquet|orc",
            description = "Format of --input. Default: from its extension, or for a folder the one extension of its "
                    + "data files.")
    private InputFormat format;

    @Option(names = "--" + OptionNames.CSV_DELIMITER, paramLabel = "CHAR",
            description = "Field delimiter of a CSV input; \\t for a tab. Default: ',', or ';' or a tab when "
                    + "the header line has no comma and holds one (reported).")
    private String csvDelimiter;

    /** {@code --format}, when given. */
    Optional<InputFormat> format() {
        return Optional.ofNullable(format);
    }

    /** {@code --csv-delimiter}, when given (exit 2 when it is not one character or {@code \t}). */
    Optional<CsvDelimiter> csvDelimiter() {
        return Optional.ofNullable(csvDelimiter).map(CsvDelimiter::parse);
    }
}
