package org.cropsgd.errors;

import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every error message a user can see, in one place (in the spirit of Delta Kernel's exception principles):
 * each says what is wrong, names the option, column or row involved, and says how to fix it.
 */
public final class Errors {
    private Errors() {}

    // ---- usage and configuration (exit 2) ------------------------------------------------------------

    public static CropSgdException missingOption(String option) {
        return usage("The option --%s is required (on the command line, or as '%s=' in the --config file).",
                option, option);
    }

    public static CropSgdException invalidOption(String option, Object value, String expected) {
        return aboutOption(option, source -> String.format(Locale.ROOT, "Invalid value '%s' for %s: expected %s.",
                value, source, expected));
    }

    public static CropSgdException optionNeeds(String option, String needs) {
        return usage("--%s only applies with %s.", option, needs);
    }

    public static CropSgdException strategyNeedsFullBatch() {
        return usage("--strategy sufficient-stats computes full-batch gradients; --batch-fraction below 1 needs "
                + "--strategy per-epoch (or auto).");
    }

    public static CropSgdException emptyBatch(int epoch, double fraction) {
        return usage("--batch-fraction %s drew no rows in 100 draws in a row for the step of epoch %d; use a larger fraction.",
                fraction, epoch);
    }

    public static CropSgdException validationEmpty(double fraction, long trainRows, long validationRows) {
        return usage("--validation-fraction %s split the table into %d training and %d validation rows; both "
                + "need at least one. Use another fraction, or more data.", fraction, trainRows, validationRows);
    }

    public static CropSgdException initModelUnreadable(String path, String why) {
        return usage("Cannot read the --init-model '%s': %s. Give the output directory of an earlier train "
                + "run (it holds model.json).", path, why);
    }

    public static CropSgdException initModelMismatch(String path, String what, Object expected, Object found) {
        return usage("The --init-model '%s' was trained with %s %s, but this run has %s. A warm start needs the "
                + "same features and labels in the same order.", path, what, found, expected);
    }

    public static CropSgdException configFileMissing(String path) {
        return usage("The config file '%s' given by --config does not exist or cannot be read.", path);
    }

    public static CropSgdException unknownConfigKeys(String path, Collection<String> unknown,
            Collection<String> known) {
        return usage("The config file '%s' has unknown keys %s. Known keys are the long option names without "
                + "the leading dashes: %s.", path, unknown, known);
    }

    public static CropSgdException duplicateNames(String option, List<String> names, List<String> duplicates) {
        return aboutOption(option, source -> String.format(Locale.ROOT,
                "Invalid value '%s' for %s: it lists %s more than once; name each column once.",
                String.join(",", names), source, duplicates));
    }

    public static CropSgdException labelAsFeature(List<String> both) {
        return usage("The column(s) %s are listed both as --labels and as --features; a label cannot be a "
                + "feature of its own prediction. Remove them from --features.", both);
    }

    public static CropSgdException weightColumnInUse(String column, String option) {
        return usage("The column '%s' is the --weight-col and also one of the --%s; a weight column weighs rows, "
                + "it is not trained on. Remove it from --%s or weigh by another column.", column, option, option);
    }

    public static CropSgdException groupColumnInUse(String column) {
        return usage("The column '%s' is in --group-by and also a feature, label or --weight-col; a group key "
                + "picks the model, it is not trained on. Remove it from the other option.", column);
    }

    public static CropSgdException notWithGroups(String option) {
        return usage("--%s is not supported with --group-by yet: grouped training runs on the whole table, "
                + "without a validation split, mini-batches, a warm start or checkpoints. Drop --%s, or train "
                + "each group on its own.", option, option.split(" ")[0]);
    }

    public static CropSgdException tooWideForGroups(int features, int most) {
        return usage("--group-by with %d features: grouped training adds up every group's d×d moments, which it "
                + "does up to %d features. Select fewer --features, or train each group on its own.", features, most);
    }

    public static CropSgdException outputExists(String output) {
        return usage("The output directory '%s' already exists. Choose another --output, or pass --overwrite "
                + "to replace it (the old one is replaced only once the new one is complete).", output);
    }

    public static CropSgdException unknownFormat(String input) {
        return usage("Cannot tell the format of '%s' from its extension (.csv, .parquet, .orc). Pass --format "
                + "csv|parquet|orc.", input);
    }

    public static CropSgdException checkpointsExist(String directory, int epoch) {
        return usage("The --checkpoint-dir '%s' holds a checkpoint of an earlier run (at epoch %d). Pass --resume "
                + "to go on from it, or give another --checkpoint-dir (or delete this one) to start over.",
                directory, epoch);
    }

    public static CropSgdException checkpointMismatch(String directory, int epoch, List<String> differences) {
        return usage("Cannot --resume from the checkpoint at epoch %d in '%s': it was made by a run with other "
                + "data or options. %s. Resume with the same input and options, or give another "
                + "--checkpoint-dir (or delete this one) to start over.", epoch, directory,
                String.join("; ", differences));
    }

    public static CropSgdException checkpointUnreadable(String file, String why) {
        return usage("Cannot read the checkpoint '%s': %s. Delete it to resume from the one before it, or give "
                + "another --checkpoint-dir to start over.", file, why);
    }

    // ---- bad input data (exit 3) ---------------------------------------------------------------------

    public static CropSgdException inputMissing(String input) {
        return badInput("The input path '%s' does not exist. Check --input (any Hadoop path works: a local "
                + "path, file://, hdfs://, s3a://).", input);
    }

    public static CropSgdException inputUnreadable(String input, String format, String cause) {
        return badInput("Cannot read '%s' as %s: %s", input, format, cause);
    }

    public static CropSgdException missingColumns(String role, List<String> missing, List<String> existing) {
        return badInput("The %s column(s) %s are not in the input. Its columns are: %s.%s", role, missing,
                existing, nearNames(missing, existing));
    }

    /** {@link #missingColumns}, naming the option that named them. */
    public static CropSgdException missingColumns(String role, String option, List<String> missing,
            List<String> existing) {
        return badInput("The %s column(s) %s are not in the input. Its columns are: %s.%s Fix --%s.", role, missing,
                existing, nearNames(missing, existing), option);
    }

    /**
     * " Did you mean 'apples' for 'Apples'? ..." for each missing name that a column of the input matches but
     * for case and spaces around it; empty when none does.
     */
    private static String nearNames(List<String> missing, List<String> existing) {
        List<String> near = new ArrayList<>();
        for (String name : missing) {
            existing.stream().filter(column -> column.strip().equalsIgnoreCase(name.strip())).findFirst()
                    .ifPresent(column -> near.add(String.format("'%s' for '%s'", column, name)));
        }
        return near.isEmpty() ? "" : " Did you mean " + String.join(", ", near)
                + "? A name must match the column's exactly, case and spaces included.";
    }

    public static CropSgdException duplicateColumns(List<String> duplicates) {
        return badInput("The input has more than one column named %s (names that differ only in case count as "
                + "one: Spark matches column names regardless of case), so they cannot be told apart. Rename "
                + "them in the input's header.", duplicates);
    }

    public static CropSgdException noFeatures(List<String> existing) {
        return badInput("No numeric feature column is left once the labels are taken out. The input's columns "
                + "are %s; name the features with --features.", existing);
    }

    public static CropSgdException notNumericType(String column, String type) {
        return badInput("Column '%s' has type %s, which is not numeric. Only numeric columns can be features "
                + "or labels.", column, type);
    }

    public static CropSgdException invalidValues(String counts, long rowNumber, String row) {
        return badInput("The input has null, NaN or infinite values: %s. The first is in data row %d (counted "
                + "from 1 in read order, header excluded): %s. Clean the input, or pass --invalid skip to drop "
                + "such rows.", counts, rowNumber, row);
    }

    /** @param count how many weights are bad, when the pass counted them (null when it did not) */
    public static CropSgdException badWeight(String column, Object value, long rowNumber, String row, Long count) {
        return badInput("The weight column '%s' has %svalue(s) that are null, NaN, infinite, negative or not a "
                + "number; the first, %s, is in data row %d (counted from 1 in read order, header excluded): %s. "
                + "Weights must be finite numbers >= 0: fix or drop those rows (--invalid skip does not drop rows "
                + "for their weight).", column, count == null ? "" : count + " ", value, rowNumber, row);
    }

    public static CropSgdException zeroWeightTotal(String column, long rows) {
        return badInput("The weights in '%s' of all %d training rows add up to 0, so no row counts. Give some rows "
                + "a positive weight.", column, rows);
    }

    public static CropSgdException nullGroupKey(List<String> keys, long count, long rowNumber, String row) {
        return badInput("%d row(s) have a null in the --group-by column(s) %s, and a null key forms no group; the "
                + "first is data row %d (counted from 1 in read order, header excluded): %s. Fill the key, or filter "
                + "those rows out before training.", count, keys, rowNumber, row);
    }

    /** A group that cannot be trained, with the exit code of why (bad input 3 when it is too small). */
    public static CropSgdException groupFailed(String group, String why, CropSgdException cause) {
        ExitCode code = cause == null ? ExitCode.BAD_INPUT : cause.exitCode();
        return new CropSgdException(code, String.format(Locale.ROOT, "Group %s: %s (pass --on-group-failure skip "
                + "to record such groups and train the others).", group, why));
    }

    public static CropSgdException noGroupTrained(int groups, String first, String why) {
        return badInput("None of the %d groups could be trained; the first, %s: %s", groups, first, why);
    }

    public static CropSgdException unknownGroup(String group, int models, long rowNumber, String row) {
        return badInput("Data row %d (counted from 1 in read order, header excluded) is in the group %s, which has "
                + "no model among the %d of --model (training never saw it, or skipped it): %s. Pass "
                + "--unknown-group null to give such rows null predictions (evaluate: leave them out).", rowNumber,
                group, models, row);
    }

    public static CropSgdException emptyTable(String input) {
        return badInput("The input '%s' has no rows to train on.", input);
    }

    public static CropSgdException allRowsInvalid(String input, long dropped) {
        return badInput("All %d rows of '%s' have a null, NaN, infinite or non-numeric value in a feature or "
                + "label, so --invalid skip left nothing to train on.", dropped, input);
    }

    // ---- GPU (exit 2 and 5) ---------------------------------------------------------------------------

    public static CropSgdException rapidsMissing() {
        return usage("gpu-check needs the RAPIDS Accelerator jar on the classpath (com.nvidia.spark.rapids."
                + "ExplainPlan was not found). Run it as 'submit/cropsgd --gpu-explain-only gpu-check ...' (or --gpu "
                + "on a GPU machine), or pass the jar with --jars.");
    }

    public static CropSgdException gpuFallback(int operators, String names) {
        return new CropSgdException(ExitCode.GPU_FALLBACK, String.format(Locale.ROOT,
                "%d operator(s) of the training plans would run on the CPU: %s. See the table above for why; "
                        + "the README's GPU section lists the settings the plans need.", operators, names));
    }

    // ---- training (exit 4) ---------------------------------------------------------------------------

    public static CropSgdException diverged(int epoch, double loss, double initialLoss, double growthBound,
            double learningRate, double largestStableRate) {
        String why = Double.isFinite(loss)
                ? String.format(Locale.ROOT, "the loss grew to %.4g, more than %.0g times its starting value "
                        + "%.4g", loss, growthBound, initialLoss)
                : String.format(Locale.ROOT, "the loss became %s", loss);
        return new CropSgdException(ExitCode.DIVERGED, String.format(Locale.ROOT,
                "Training diverged at epoch %d: %s. The learning rate %s is too large for this data: the "
                        + "largest stable learning rate for plain SGD here is 2/λ = %.6g (λ the largest "
                        + "eigenvalue of the loss Hessian). Use a smaller --learning-rate, --learning-rate auto "
                        + "(1/λ), or --standardize true. No model was written.",
                epoch, why, learningRate, largestStableRate));
    }

    // ---- command line and config file (cli) ----------------------------------------------------------

    /** How a message names a value that came from the config file rather than from the command line. */
    public static String configFileKey(String file, String key) {
        return String.format(Locale.ROOT, "key '%s' in the config file '%s'", key, file);
    }

    /** What a list-of-columns option expects, when one of its names is empty (follows "expected"). */
    public static String emptyColumnName(int position, int count) {
        return count == 1
                ? "one or more column names separated by commas, but it is empty"
                : String.format(Locale.ROOT, "column names separated by commas, but name %d of %d is empty",
                        position, count);
    }

    public static CropSgdException unknownOption(String option, String command, List<String> suggestions,
            String helpCommand) {
        return usage("Unknown option '%s' for '%s'.%s See '%s'.", option, command,
                didYouMean(suggestions), helpCommand);
    }

    public static CropSgdException unknownCommand(String word, List<String> commands, List<String> suggestions,
            String helpCommand) {
        return usage("Unknown command '%s'.%s The commands are %s. See '%s'.", word, didYouMean(suggestions),
                String.join(", ", commands), helpCommand);
    }

    public static CropSgdException unexpectedArgument(String argument, String command, String helpCommand) {
        return usage("Unexpected argument '%s': '%s' takes only options (--name value). See '%s'.", argument,
                command, helpCommand);
    }

    public static CropSgdException missingCommand(List<String> commands, String helpCommand) {
        return usage("No command given: the commands are %s. See '%s'.", String.join(", ", commands), helpCommand);
    }

    public static CropSgdException optionNeedsValue(String option, String valueLabel, String helpCommand) {
        return usage("The option %s needs a value: %s %s. See '%s'.", option, option, valueLabel, helpCommand);
    }

    public static CropSgdException optionRepeated(String option, String helpCommand) {
        return usage("The option %s is given more than once; give it once. See '%s'.", option, helpCommand);
    }

    /** A command-line mistake picocli found that has no message of its own here; picocli's words are kept. */
    public static CropSgdException commandLine(String picocliMessage, String helpCommand) {
        return usage("%s. See '%s'.", picocliMessage.replaceFirst("\\.?\\s*$", ""), helpCommand);
    }

    public static CropSgdException initModelInvalid(String file, String what) {
        return usage("The model file '%s' given by --init-model is not a valid cropsgd model: %s. Give the "
                + "output directory of another train run, or start without --init-model.", file, what);
    }

    /**
     * The first line of an unexpected failure (exit 1): not a mistake in the command line or the data, so a
     * retry may work; the stack trace printed after it is for a bug report.
     */
    public static CropSgdException unexpected(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        return new CropSgdException(ExitCode.INTERNAL, String.format(Locale.ROOT,
                "Unexpected failure (%s%s). It is not a mistake in the command line or the data, so a retry may "
                        + "work; if it fails again, report it with the stack trace below.",
                root.getClass().getSimpleName(), message));
    }

    private static String didYouMean(List<String> suggestions) {
        return suggestions.isEmpty() ? "" : " Did you mean " + String.join(" or ", suggestions) + "?";
    }

    private static CropSgdException aboutOption(String option, java.util.function.Function<String, String> message) {
        return new CropSgdException(ExitCode.USAGE, option, message);
    }

    // ---- output: nothing lost (exit 2; 130 and 143) ------------------------------------------------------

    public static CropSgdException outputNotReplaceable(String output, String holds, String marker) {
        return usage("The --output '%s' already exists and is %s. cropsgd only ever replaces an empty directory or an earlier "
                + "cropsgd output (one holding %s, with --overwrite), so nothing was touched. Choose a new or "
                + "empty directory as --output.", output, holds, marker);
    }

    public static CropSgdException outputNotWritable(String output, String why) {
        return usage("Cannot write the --output '%s': %s. Choose an --output where you can create a directory.",
                output, why);
    }

    /**
     * {@code relation} is "is", "contains" or "lies inside"; {@code role} names what the run reads or keeps
     * there ("the --input", "the --config file").
     */
    public static CropSgdException outputOverlaps(String output, String relation, String role, String path) {
        return usage("The --output '%s' %s %s '%s'. A run never writes where it reads or keeps its data (with "
                + "--overwrite it would replace it; later runs would read the output as data). Choose an "
                + "--output outside it.", output, relation, role, path);
    }

    /** The one line printed when the driver is stopped by Ctrl-C or SIGTERM (not an error: no "error:"). */
    public static String interrupted() {
        return "cropsgd: interrupted";
    }

    // ---- launcher ----

    public static CropSgdException launcherUnknownOption(String option) {
        return usage("Unknown option '%s' before the command: it is neither a spark-submit option nor one of "
                + "submit/cropsgd's (--gpu, --gpu-explain-only, --help). Spark's options go before the command, "
                + "the command's own after it (submit/cropsgd --help; submit/cropsgd train --help).", option);
    }

    public static CropSgdException launcherOptionWithoutValue(String sparkMessage) {
        return usage("%s Spark's options go before the command, each with its value: "
                + "submit/cropsgd [spark-submit options] COMMAND [command options].", sparkMessage);
    }

    public static CropSgdException launcherNoCommand() {
        return usage("No command given. Usage: submit/cropsgd [spark-submit options] COMMAND [command options], "
                + "COMMAND one of train, predict, evaluate, gpu-check, generate, help (submit/cropsgd --help).");
    }

    public static CropSgdException launcherClassGiven(String mainClass) {
        return usage("--class %s: submit/cropsgd runs its own main class; leave --class out.", mainClass);
    }

    // ---- loading the data (exit 3) -------------------------------------------------------------------

    public static CropSgdException inputFolderEmpty(String input) {
        return badInput("The input '%s' is an empty folder: it holds no data files (names starting with _ or . "
                + "do not count). Check --input.", input);
    }

    public static CropSgdException missingColumnsOtherDelimiter(String role, List<String> missing,
            List<String> existing, String delimiter) {
        return badInput("The %s column(s) %s are not in the input. Its columns are: %s. The header looks "
                + "'%s'-separated: pass --csv-delimiter '%s'.", role, missing, existing, delimiter, delimiter);
    }

    /**
     * A non-numeric cell in a column that is used (or mostly numbers, so a default feature).
     *
     * @param option    "features" or "labels": the option that leaves the column out
     * @param defaulted whether the column is a feature because features are the default ones
     */
    public static CropSgdException nonNumericValue(String column, Object value, long rowNumber, String row,
            long count, String option, boolean defaulted) {
        String leaveOut = option.equals("labels") ? "choose other --labels"
                : defaulted ? String.format("name the features with --features, without '%s'", column)
                : String.format("leave '%s' out of --features", column);
        return badInput("Column '%s' has the non-numeric value '%s' in data row %d (counted from 1 in read order, "
                + "header excluded; %d such value(s) in the column%s): %s. Fix the value, %s, or pass --invalid "
                + "skip to drop such rows.", column, value, rowNumber, count,
                defaulted ? ", which is mostly numbers and so a default feature" : "", row, leaveOut);
    }

    public static CropSgdException textColumn(String column, String option, Object value, long rowNumber,
            String row) {
        String instead = option.equals("labels") ? "choose a numeric column for --labels"
                : String.format("leave '%s' out of --features", column);
        return badInput("Column '%s' holds text, not numbers (data row %d has '%s': %s), so it cannot be one of "
                + "the --%s; %s.", column, rowNumber, value, row, option, instead);
    }

    public static CropSgdException valuesTooLarge(String column, Object value, long rowNumber, String row,
            double limit, double perValue) {
        return badInput("Column '%s' holds values too large to train on: %s in data row %d (counted from 1 in read "
                + "order, header excluded): %s. The sum of a column's squares must stay below %.3g (about %.3g per "
                + "value for this many rows), or the sums training needs overflow. Rescale the column (e.g. change "
                + "its unit), or fix the value.", column, value, rowNumber, row, limit, perValue);
    }

    // ---- numerics: warnings (one line each, "cropsgd: warning: " is added by job/ConsoleFitListener) --------------

    /** Why the least-squares weights are not unique: too few rows. */
    public static String tooFewRows(long rows, int parametersPerLabel) {
        return String.format(Locale.ROOT, "there are fewer rows (%d) than parameters per label (%d)", rows,
                parametersPerLabel);
    }

    /** Why the least-squares weights are not unique: collinear features. */
    public static String collinearFeatures(int undetermined) {
        return String.format(Locale.ROOT, "the features are collinear (%d direction(s) of the weights are not "
                + "determined by the data)", undetermined);
    }

    /** Where gradient descent ends when the least-squares solution is not unique: {@code solution}. */
    public static String notUnique(String why, String solution) {
        return "The least-squares solution is not unique: " + why + ". This run converges to " + solution + ".";
    }

    public static String ridgeSolution(String option, double value) {
        return String.format(Locale.ROOT, "the unique solution that %s %s makes", option, value);
    }

    public static String adamSolution() {
        return "one of the least-squares solutions, which one depending on the path (Adam does not keep to the "
                + "minimum-norm one); add --l2 for a unique (ridge) solution";
    }

    /** @param start empty from zeros, else what the starting weights came from */
    public static String minimumNormSolution(String units, String start) {
        return "the minimum-norm least-squares solution in " + units + " (smallest sum of squared weights and "
                + "intercepts)" + (start.isEmpty() ? "" : " plus the part of the " + start + " starting weights "
                + "the data does not determine (--init zeros gives the minimum-norm solution itself)")
                + "; add --l2 for a unique (ridge) solution";
    }

    public static String constantFeatures(java.util.List<String> names, boolean standardized) {
        String which = (names.size() == 1 ? "Feature " : "Features ") + String.join(", ", names)
                + (names.size() == 1 ? " is" : " are") + " constant: the weight is not identifiable, only its sum "
                + "with the intercept is. ";
        return which + (standardized
                ? "It is reported as 0 and its effect, a constant, is in the intercepts."
                : "Without --standardize true the weight and the intercepts share that constant as gradient descent "
                        + "leaves it (the predictions are the same either way); use --standardize true to have it "
                        + "reported as 0, or leave the feature out of --features.");
    }

    public static String illConditioned(double conditionNumber, double bound) {
        return String.format(Locale.ROOT, "The loss Hessian has condition number %.3g (above %.0g): with "
                + "--learning-rate auto (1/λ of its largest eigenvalue) and unstandardized features, training will "
                + "barely move along its smallest eigenvalues. Use --standardize true, or --strategy "
                + "sufficient-stats with many --epochs.", conditionNumber, bound);
    }

    // ---- predict and evaluate -------------------------------------------------------------------------

    public static CropSgdException modelUnreadable(String path, String why) {
        return usage("Cannot read the --model '%s': %s. Give the output directory of a train run (it holds "
                + "model.json).", path, why);
    }

    public static CropSgdException modelInvalid(String file, String what) {
        return usage("The model file '%s' given by --model is not a valid cropsgd model: %s. Give the output "
                + "directory of a train run.", file, what);
    }

    /** A required option of predict or evaluate (they read no --config file). */
    public static CropSgdException scoringOptionMissing(String option, String helpCommand) {
        return usage("The option --%s is required. See '%s'.", option, helpCommand);
    }

    public static CropSgdException keepAndKeepAll() {
        return usage("--keep and --keep-all exclude each other: --keep names the input columns to write beside "
                + "the predictions, --keep-all writes all of them. Give one.");
    }

    /**
     * The input lacks columns the model reads ({@code role} "feature") or scores against ("label"): most
     * often a model of another table. {@code hint} is empty or a sentence to add (a likely CSV delimiter).
     */
    public static CropSgdException modelColumnsMissing(String model, String role, List<String> missing,
            List<String> existing, String hint) {
        return badInput("The --model '%s' needs the %s column(s) %s, which are not in the input. Its columns are: "
                + "%s.%s Score a table with the columns the model was trained on (model.json's \"features\" and "
                + "\"labels\"), or rename them in the input.", model, role, missing, existing,
                hint.isEmpty() ? "" : " " + hint);
    }

    /** The CSV hint of {@link #modelColumnsMissing}: the header looks separated by another delimiter. */
    public static String otherDelimiterHint(String delimiter) {
        return String.format(Locale.ROOT, "The header looks '%s'-separated: pass --csv-delimiter '%s'.", delimiter,
                delimiter);
    }

    /** {@code how} says why the clashing columns are written: "kept by default", "named in --keep", ... */
    public static CropSgdException predictionColumnClash(List<String> clashes, String how) {
        return badInput("The input already has the column(s) %s (%s), which is what the predictions are called "
                + "(label + '_predicted'), so the output would hold two columns of that name. Leave them out with "
                + "--keep COL,COL (the input columns to write), or rename them in the input.", clashes, how);
    }

    /**
     * A row whose feature (or, for evaluate, label) is null, NaN, infinite or not a number under
     * {@code --invalid error}; {@code remedies} says which other --invalid values there are.
     */
    public static CropSgdException invalidScoringValue(String column, Object value, long rowNumber, String row,
            String remedies) {
        return badInput("Column '%s' has the value '%s' in data row %d (counted from 1 in read order, header "
                + "excluded): %s. A null, NaN, infinite or non-numeric value cannot be scored. Fix the input, or "
                + "pass %s.", column, value, rowNumber, row, remedies);
    }

    public static CropSgdException nothingToEvaluate(String input, long dropped) {
        return badInput(dropped == 0 ? "The input '%s' has no rows to evaluate the model on."
                : "All %2$d rows of '%1$s' have a null, NaN, infinite or non-numeric feature or label, so "
                        + "--invalid skip left nothing to evaluate the model on.", input, dropped);
    }

    // ---- generate with regions, input formats --------------------------------------------------------

    public static CropSgdException moreRegionsThanRows(int regions, long rows) {
        return usage("--regions %d is more than --rows %d: every region needs a row. Give --regions at most "
                + "--rows.", regions, rows);
    }

    public static CropSgdException filesOfUnknownFormat(String input, java.util.SortedSet<String> extensions) {
        return usage("Cannot tell the format of '%s' from its data files: they end in %s, not all in one of .csv, "
                + ".parquet, .orc (also compressed, as .csv.gz). Pass --format csv|parquet|orc, or give a folder "
                + "or glob of one format.", input, String.join(", ", extensions));
    }

    /** A data file {@code format} cannot read that looks like a {@code likely} file. */
    public static CropSgdException inputInOtherFormat(String file, String format, String why, String likely) {
        return badInput("Cannot read '%s' as %s (%s). It looks like a %s file: pass --format %s.", file, format,
                why, likely, likely);
    }

    /** A data file {@code format} cannot read that looks like a file of that format. */
    public static CropSgdException inputDamaged(String file, String format, String why) {
        return badInput("Cannot read '%s' as %s (%s). It looks like a %s file, so it may be damaged or "
                + "incomplete: write it again, or check --format.", file, format, why, format);
    }

    private static CropSgdException usage(String format, Object... args) {
        return new CropSgdException(ExitCode.USAGE, String.format(Locale.ROOT, format, args));
    }

    private static CropSgdException badInput(String format, Object... args) {
        return new CropSgdException(ExitCode.BAD_INPUT, String.format(Locale.ROOT, format, args));
    }
}
