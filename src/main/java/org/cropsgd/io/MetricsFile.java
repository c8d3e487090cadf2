package org.cropsgd.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import org.cropsgd.metrics.LabelMetrics;

/**
 * The contents of {@code metrics.json}.
 *
 * @param loss          training MSE of the final model over all n·k residuals
 * @param epochs        steps taken
 * @param rows          training rows, n
 * @param rowsDropped   rows dropped by {@code --invalid skip}
 * @param perLabel      MSE, RMSE, MAE and R² per label
 * @param strategy      how the gradient was computed
 * @param dataPasses    passes over the training rows made for gradients and the step size
 * @param learningRate  the step size used (the value chosen, for {@code auto})
 * @param trainSeconds  wall time of the epoch loop
 */
@JsonPropertyOrder({"loss", "epochs", "rows", "rows_dropped", "per_label", "strategy", "data_passes",
        "learning_rate", "train_seconds"})
public record MetricsFile(
        double loss,
        int epochs,
        long rows,
        @JsonProperty("rows_dropped") long rowsDropped,
        @JsonProperty("per_label") Map<String, LabelMetrics> perLabel,
        String strategy,
        @JsonProperty("data_passes") long dataPasses,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("train_seconds") double trainSeconds) {}
