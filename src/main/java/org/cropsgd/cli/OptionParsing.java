package org.cropsgd.cli;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.OptionNames;
import org.cropsgd.errors.Errors;

/** Option values with a word besides numbers or with hyphenated names, parsed with clear errors. */
final class OptionParsing {
    static final String AUTO = "auto";

    private OptionParsing() {}

    /** "auto" (empty) or a number. */
    static OptionalDouble learningRate(String value) {
        if (AUTO.equalsIgnoreCase(value.trim())) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            throw Errors.invalidOption(OptionNames.LEARNING_RATE, value, "auto or a number > 0");
        }
    }

    static GradientStrategy strategy(String value) {
        return Arrays.stream(GradientStrategy.values())
                .filter(strategy -> strategy.cliName().equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() -> Errors.invalidOption(OptionNames.STRATEGY, value, "auto, per-epoch or sufficient-stats"));
    }
}
