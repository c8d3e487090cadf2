package org.cropsgd.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import org.cropsgd.metrics.LabelMetrics;

/**
 * The {@code metrics.json} that {@code evaluate --output DIR} writes: how a saved model scores on a table.
 * Its {@code loss}, {@code rows} and {@code per_label} mean what they mean in {@code train}'s
 * {@code metrics.json} (there on the training rows, here on the given table).
 *
 * @param loss         the MSE over all n·k residuals
 * @param rows         rows scored, n
 * @param rowsDropped  rows left out by {@code --invalid skip}
 * @param rowsUnknownGroup  a grouped model's: valid rows whose group has no model, left out by
 *                     {@code --unknown-group null} (null, and not written, for a model without groups)
 * @param perLabel     MSE, RMSE, MAE and R² per label
 * @param model        the --model directory
 * @param input        the --input table
 * @param version      the cropsgd version that wrote the file
 */
@JsonPropertyOrder({"loss", "rows", "rows_dropped", "rows_unknown_group", "per_label", "model", "input", "version"})
public record EvaluationFile(
        double loss,
        long rows,
        @JsonProperty("rows_dropped") long rowsDropped,
        @JsonProperty("rows_unknown_group") @JsonInclude(JsonInclude.Include.NON_NULL) Long rowsUnknownGroup,
        @JsonProperty("per_label") Map<String, LabelMetrics> perLabel,
        String model,
        String input,
        String version) {

    /** Writes this as {@code metrics.json} into {@code output} (not yet committed). */
    public void writeTo(AtomicOutputDirectory output) {
        output.write(OutputFiles.METRICS, stream -> OutputFiles.JSON.writeValue(stream, this));
    }
}
