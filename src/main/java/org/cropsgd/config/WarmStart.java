package org.cropsgd.config;

import java.util.Objects;
import org.cropsgd.model.RegressionModel;

/**
 * A model to start training from instead of {@code --init}: it must have the run's features and labels, in
 * the same order.
 *
 * @param source  what an error calls the model (the {@code --init-model} directory on the command line)
 * @param model   the model, in the units of the input's columns
 */
public record WarmStart(String source, RegressionModel model) {
    public WarmStart {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(model, "model");
    }
}
