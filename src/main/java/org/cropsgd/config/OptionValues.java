package org.cropsgd.config;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.Locale;
import org.cropsgd.errors.Errors;

/**
 * Option values given as text (the command line's, or a Spark ML param's) that are words, not just numbers,
 * parsed with the errors that name the option.
 */
public final class OptionValues {
    static final String AUTO = "auto";

    private OptionValues() {}

    /** "auto" (empty) or a number. */
    public static OptionalDouble learningRate(String value) {
        if (AUTO.equalsIgnoreCase(value.trim())) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            throw Errors.invalidOption(OptionNames.LEARNING_RATE, value, "auto or a number > 0");
        }
    }

    public static GradientStrategy strategy(String value) {
        return Arrays.stream(GradientStrategy.values())
                .filter(strategy -> strategy.cliName().equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() -> Errors.invalidOption(OptionNames.STRATEGY, value, "auto, per-epoch or sufficient-stats"));
    }

    /** One of {@code type}'s constants by its lower-case name ({@code sgd}, {@code zeros}, {@code skip}). */
    public static <E extends Enum<E>> E named(Class<E> type, String option, String value) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.name().equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() -> Errors.invalidOption(option, value, String.join(" or ",
                        Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList())));
    }
}
