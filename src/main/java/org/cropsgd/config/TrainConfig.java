package org.cropsgd.config;

import static org.cropsgd.config.OptionNames.CSV_DELIMITER;
import static org.cropsgd.config.OptionNames.FORMAT;
import static org.cropsgd.config.OptionNames.INIT_MODEL;
import static org.cropsgd.config.OptionNames.INPUT;
import static org.cropsgd.config.OptionNames.LABELS;
import static org.cropsgd.config.OptionNames.OUTPUT;
import static org.cropsgd.config.OptionNames.OVERWRITE;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cropsgd.errors.Errors;

/**
 * A command-line training run: where the table is read from and the model written to, around the
 * {@link FitSettings} that say what is trained. Validated once when it is built and never changed
 * afterwards; logged at the start of a run and saved in {@code model.json}, so a model says how it was made.
 *
 * @param input         table to read (any Hadoop path)
 * @param format        table format; from the extension when not given
 * @param csvDelimiter  CSV field delimiter; when not given, ',' unless the header line has none and holds ';'
 *                      or a tab
 * @param output        output directory, written all-or-nothing
 * @param overwrite     replace an existing output directory
 * @param initModel     output directory of an earlier run to start from (read by the job into
 *                      {@link FitSettings#warmStart})
 * @param fit           what to train
 */
public record TrainConfig(
        String input,
        Optional<InputFormat> format,
        Optional<CsvDelimiter> csvDelimiter,
        String output,
        boolean overwrite,
        Optional<String> initModel,
        FitSettings fit) {

    public TrainConfig {
        requirePaths(input, output);
        Objects.requireNonNull(fit, "fit");
        initModel = initModel == null ? Optional.empty() : initModel;
        format = format == null ? Optional.empty() : format;
        csvDelimiter = csvDelimiter == null ? Optional.empty() : csvDelimiter;
        CsvDelimiter.forInput(csvDelimiter, input, format);
    }

    /**
     * Refuses a run without {@code --input} or {@code --output}. The command line calls it before it builds
     * the {@link FitSettings}, so that a missing path is reported first, as it always was.
     */
    public static void requirePaths(String input, String output) {
        require(input, INPUT);
        require(output, OUTPUT);
    }

    /**
     * The format to read: the one given (or decided by {@link #withFormat}), else the one the input's
     * extension names.
     */
    public InputFormat resolvedFormat() {
        return InputFormat.resolve(input, format);
    }

    /** This run with the input format decided, e.g. from the files of a folder: as it is logged and saved. */
    public TrainConfig withFormat(InputFormat decided) {
        return new TrainConfig(input, Optional.of(decided), csvDelimiter, output, overwrite, initModel, fit);
    }

    /** The settings as they are saved in {@code model.json} and logged: option name to value. */
    public Map<String, Object> asOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(INPUT, input);
        options.put(FORMAT, resolvedFormat().sourceName());
        options.put(CSV_DELIMITER, csvDelimiter.map(CsvDelimiter::toString).orElse(null));
        // The order model.json has always had: the output settings come right after the labels.
        fit.asOptions().forEach((name, value) -> {
            options.put(name, value);
            if (name.equals(LABELS)) {
                options.put(OUTPUT, output);
                options.put(OVERWRITE, overwrite);
            }
        });
        options.put(INIT_MODEL, initModel.orElse(null));
        return options;
    }

    private static void require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw Errors.missingOption(option);
        }
    }
}
