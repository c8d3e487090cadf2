package org.cropsgd.io;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;

/**
 * The contents of {@code model.json}: the model in the units of the input, and how it was made.
 *
 * @param weights       k rows of d weights, in the order of {@code labels} and {@code features}
 * @param bias          one intercept per label
 * @param standardized  whether training ran on standardized features (the weights are in original units
 *                      either way)
 * @param config        the settings of the run, by option name
 * @param version       the cropsgd version that wrote the file
 */
@JsonPropertyOrder({"features", "labels", "weights", "bias", "standardized", "config", "version"})
public record ModelFile(List<String> features, List<String> labels, double[][] weights, double[] bias,
        boolean standardized, Map<String, Object> config, String version) {

    /** The model this file holds, over its named columns. */
    public RegressionModel toModel() {
        return new RegressionModel(features, labels, new LinearModel(weights, bias));
    }
}
