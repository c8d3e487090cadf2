package org.cropsgd.cli;

import java.util.Optional;
import org.cropsgd.config.CsvDelimiter;
import org.cropsgd.config.InputFormat;
import org.cropsgd.config.OptionNames;
import org.cropsgd.config.UnknownGroupPolicy;
import org.cropsgd.errors.Errors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options {@code predict} and {@code evaluate} share: the saved model and the table it scores, read as
 * {@code train} reads its input.
 */
final class ScoringOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--" + OptionNames.MODEL, paramLabel = "DIR",
            description = "The output directory of a train run (it holds model.json); any Hadoop path.")
    private String model;

    @Option(names = "--" + OptionNames.INPUT, paramLabel = "PATH",
            description = "The table to score: CSV with a header, Parquet or ORC; any Hadoop path, directories "
                    + "and globs too. It needs the model's feature columns, by name.")
    private String input;

    @Mixin
    private InputFormatOptions formatOptions;

    @Option(names = "--" + OptionNames.UNKNOWN_GROUP, paramLabel = "error|null", defaultValue = "error",
            description = "A model trained with --group-by, and a row whose group has no model (not in the "
                    + "training data, or skipped): fail naming it (error), or give it null predictions (predict) "
                    + "and leave it out (evaluate) (null). Default: ${DEFAULT-VALUE}.")
    private UnknownGroupPolicy unknownGroup;

    UnknownGroupPolicy unknownGroup() {
        return unknownGroup;
    }

    String model() {
        return required(OptionNames.MODEL, model);
    }

    String input() {
        return required(OptionNames.INPUT, input);
    }

    /** The format given, if any: the job decides the others as train does ({@link InputFormat#resolve}). */
    Optional<InputFormat> format() {
        return formatOptions.format();
    }

    /** The delimiter given, which only a CSV input may have (exit 2 otherwise, as for train). */
    Optional<CsvDelimiter> csvDelimiter() {
        return CsvDelimiter.forInput(formatOptions.csvDelimiter(), input(), formatOptions.format());
    }

    /** The value of a required option, or exit 2 naming it. */
    String required(String option, String value) {
        if (value == null) {
            throw Errors.scoringOptionMissing(option, CropSgd.helpCommand(command));
        }
        return value;
    }
}
