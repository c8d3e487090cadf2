package org.cropsgd.job;

import java.util.Optional;
import org.cropsgd.config.CsvDelimiter;
import org.cropsgd.config.InputFormat;
import org.cropsgd.config.InvalidRowPolicy;

/**
 * What {@code evaluate} is asked to do, as the command line gave it.
 *
 * @param model         the output directory of a train run (holds model.json)
 * @param input         the table to score, with the model's features and labels; any Hadoop path
 * @param format        the input's format, when --format gives it (else decided by {@link ScoringInput#read})
 * @param csvDelimiter  the CSV delimiter, when given
 * @param output        where metrics.json goes, all-or-nothing; empty to only print the metrics
 * @param overwrite     replace an earlier cropsgd output or an empty directory at {@code output}
 * @param invalid       what to do with a row whose feature or label is null, NaN, infinite or not a number
 * @param unknownGroup  a grouped model: what to do with a row whose group has no model
 * @param weightColumn  a column of sample weights (--weight-col); empty: every row weighs 1
 * @param plots         with {@code output}, draw its pictures (--plots)
 */
public record EvaluateSettings(String model, String input, Optional<InputFormat> format, Optional<CsvDelimiter> csvDelimiter,
        Optional<String> output, boolean overwrite, InvalidRowPolicy invalid,
        org.cropsgd.config.UnknownGroupPolicy unknownGroup, Optional<String> weightColumn, boolean plots) {}
