package org.cropsgd.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.LabelMetrics;

/**
 * The contents of {@code metrics.json}.
 *
 * @param loss            training MSE of the final model over all n·k residuals: the last row of
 *                        {@code history.csv}, to the bit
 * @param l2Penalty       the ridge penalty λ·ΣW² of the final model (0 without --l2)
 * @param validationLoss  MSE of the final model on the held-out rows; null without a validation split
 * @param epochs          steps taken
 * @param stopReason      "max_epochs", or "tolerance" when --tol stopped training early
 * @param rows            training rows, n
 * @param rowsDropped     rows dropped by {@code --invalid skip}
 * @param validationRows  held-out rows
 * @param perLabel        MSE, RMSE, MAE and R² per label, on the training rows
 * @param strategy        how the gradient was computed
 * @param dataPasses      passes over the rows made for gradients, validation losses and the step size
 * @param learningRate    the step size used (the value chosen, for {@code auto})
 * @param trainSeconds    wall time of the epoch loop
 * @param totalSeconds    wall time of the whole run, from the command's start (Spark's start and the loading
 *                        included) to the scoring of the final model, before the output is written
 * @param warnings        the run's warnings, as printed on stderr without the prefix; empty when none
 * @param coefficientStatistics per label, the standard errors, t and p values of the least-squares
 *                        coefficients, with R² and adjusted R² (see {@link CoefficientStatistics}); empty when
 *                        not computed
 */
@JsonPropertyOrder({"loss", "l2_penalty", "validation_loss", "epochs", "stop_reason", "rows", "rows_dropped",
        "validation_rows", "per_label", "strategy", "data_passes", "learning_rate", "train_seconds", "total_seconds", "warnings",
        "coefficient_statistics"})
public record MetricsFile(
        double loss,
        @JsonProperty("l2_penalty") double l2Penalty,
        @JsonProperty("validation_loss") Double validationLoss,
        int epochs,
        @JsonProperty("stop_reason") String stopReason,
        long rows,
        @JsonProperty("rows_dropped") long rowsDropped,
        @JsonProperty("validation_rows") long validationRows,
        @JsonProperty("per_label") Map<String, LabelMetrics> perLabel,
        String strategy,
        @JsonProperty("data_passes") long dataPasses,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("total_seconds") double totalSeconds,
        List<String> warnings,
        @JsonProperty("coefficient_statistics") Map<String, CoefficientStatistics.LabelStatistics>
                coefficientStatistics) {

    public MetricsFile {
        warnings = List.copyOf(warnings);
    }
}
