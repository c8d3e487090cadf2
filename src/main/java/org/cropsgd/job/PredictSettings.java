package org.cropsgd.job;

import java.util.List;
import java.util.Optional;
import org.cropsgd.config.CsvDelimiter;
import org.cropsgd.config.InputFormat;
import org.cropsgd.config.InvalidPredictionPolicy;

/**
 * What {@code predict} is asked to do, as the command line gave it.
 *
 * @param model         the output directory of a train run (holds model.json)
 * @param input         the table to score, any Hadoop path
 * @param format        the input's format, when --format gives it (else decided by {@link ScoringInput#read})
 * @param csvDelimiter  the CSV delimiter, when given
 * @param output        the output directory, written all-or-nothing
 * @param overwrite     replace an earlier cropsgd output or an empty directory at {@code output}
 * @param keep          the input columns to write beside the predictions (--keep); empty for the default
 * @param keepAll       write every input column (--keep-all)
 * @param outputFormat  how the rows are written
 * @param invalid       what to do with a row whose feature is null, NaN, infinite or not a number
 * @param unknownGroup  a grouped model: what to do with a row whose group has no model
 */
public record PredictSettings(String model, String input, Optional<InputFormat> format, Optional<CsvDelimiter> csvDelimiter,
        String output, boolean overwrite, Optional<List<String>> keep, boolean keepAll, InputFormat outputFormat,
        InvalidPredictionPolicy invalid,
        org.cropsgd.config.UnknownGroupPolicy unknownGroup) {}
