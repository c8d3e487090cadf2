package org.cropsgd.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.Errors;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * picocli's parse errors (unknown option or command, a value that does not convert, a missing value) as
 * cropsgd errors: one line, exit 2, picocli's "did you mean" where it has one, and a pointer to
 * {@code --help} instead of the whole usage text. The message is built from what the exception knows (the
 * option, the value, the suggestions), not from picocli's wording, which names Java types ("'1.5' is not an
 * int").
 */
final class CommandLineErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        return CropSgd.report(translate(e), e.getCommandLine());
    }

    static CropSgdException translate(ParameterException e) {
        CommandSpec command = e.getCommandLine().getCommandSpec();
        String help = CropSgd.helpCommand(command);
        if (e instanceof UnmatchedArgumentException unmatched) {
            String first = unmatched.getUnmatched().get(0);
            if (unmatched.isUnknownOption()) {
                return Errors.unknownOption(first, command.qualifiedName(" "), unmatched.getSuggestions(), help);
            }
            if (!command.subcommands().isEmpty()) {
                return Errors.unknownCommand(first, CropSgd.commandNames(command), unmatched.getSuggestions(), help);
            }
            return Errors.unexpectedArgument(first, command.qualifiedName(" "), help);
        }
        if (e instanceof MissingParameterException missing && missing.getMissing().size() == 1
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            return Errors.optionNeedsValue(option.longestName(), option.paramLabel(), help);
        }
        if (e instanceof OverwrittenOptionException repeated && repeated.getOverwritten() instanceof OptionSpec option) {
            return Errors.optionRepeated(option.longestName(), help);
        }
        if (e.getArgSpec() instanceof OptionSpec option && e.getValue() != null && e.getCause() != null) {
            return Errors.invalidOption(ConfigFileDefaults.key(option), e.getValue(), expected(option, e.getCause()));
        }
        return Errors.commandLine(e.getMessage(), help);
    }

    /** What a value of the option looks like, in the user's words rather than Java's type names. */
    private static String expected(ArgSpec option, Throwable conversionFailure) {
        if (option.converters().length > 0) {
            return conversionFailure.getMessage(); // our own converters say it in these words already
        }
        Class<?> type = option.type();
        if (type.isEnum()) {
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .toList();
            return "one of " + String.join(", ", names);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return conversionFailure.getMessage();
    }
}
