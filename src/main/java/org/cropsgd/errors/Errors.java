package org.cropsgd.errors;

import java.util.Collection;
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
        return usage("Invalid value '%s' for --%s: expected %s.", value, option, expected);
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

    public static CropSgdException duplicateNames(String option, List<String> duplicates) {
        return usage("--%s lists %s more than once.", option, duplicates);
    }

    public static CropSgdException labelAsFeature(List<String> both) {
        return usage("The column(s) %s are listed both as --labels and as --features; a label cannot be a "
                + "feature of its own prediction. Remove them from --features.", both);
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
        return badInput("The %s column(s) %s are not in the input. Its columns are: %s.", role, missing,
                existing);
    }

    public static CropSgdException duplicateColumns(List<String> duplicates) {
        return badInput("The input has more than one column named %s, so they cannot be told apart. Rename "
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

    public static CropSgdException nonNumericValue(String column, Object value, long rowNumber, String row) {
        return badInput("Column '%s' has the non-numeric value '%s' in data row %d (counted from 1 in read "
                + "order, header excluded): %s. Fix the value, or leave the column out of --features.",
                column, value, rowNumber, row);
    }

    public static CropSgdException invalidValues(String counts, long rowNumber, String row) {
        return badInput("The input has null, NaN or infinite values: %s. The first is in data row %d (counted "
                + "from 1 in read order, header excluded): %s. Clean the input, or pass --invalid skip to drop "
                + "such rows.", counts, rowNumber, row);
    }

    public static CropSgdException emptyTable(String input) {
        return badInput("The input '%s' has no rows to train on.", input);
    }

    public static CropSgdException allRowsInvalid(String input, long dropped) {
        return badInput("All %d rows of '%s' have a null, NaN or infinite value in a feature or label, so "
                + "--invalid skip left nothing to train on.", dropped, input);
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

    // ---- numerics: warnings (one line each, "cropsgd: warning: " is added by RunWarnings) --------------

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

    private static CropSgdException usage(String format, Object... args) {
        return new CropSgdException(ExitCode.USAGE, String.format(Locale.ROOT, format, args));
    }

    private static CropSgdException badInput(String format, Object... args) {
        return new CropSgdException(ExitCode.BAD_INPUT, String.format(Locale.ROOT, format, args));
    }
}
