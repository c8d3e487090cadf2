package org.cropsgd.cli;

import org.cropsgd.config.OptionNames;
import picocli.CommandLine.Option;

/** {@code --plots}, shared by the commands that draw pictures ({@code train}, {@code evaluate}). */
final class PlotsOption {
    @Option(names = "--" + OptionNames.PLOTS, paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "Draw the pictures into plots/: train's loss, predicted against actual and residuals, "
                    + "with report.html beside model.json; evaluate's (with --output) predicted against actual "
                    + "and residuals. Default: ${DEFAULT-VALUE}.")
    private boolean plots;

    boolean plots() {
        return plots;
    }
}
