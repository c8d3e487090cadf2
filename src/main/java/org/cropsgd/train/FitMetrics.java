package org.cropsgd.train;

import java.util.List;
import java.util.Map;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.optim.LearningRate;

/**
 * What a fit measured (the job writes it as {@code metrics.json}).
 *
 * @param loss            the training MSE after the last step, as the run's gradient source measured it (in
 *                        training units; with sufficient statistics relative to the least-squares anchor,
 *                        accurate near zero): the history's last row
 * @param l2Penalty       the ridge penalty λ·ΣW² of the final model (0 without an L2 penalty)
 * @param validationLoss  MSE of the final model on the held-out rows; null without a validation split
 * @param epochs          steps taken
 * @param stopReason      why the loop ended
 * @param rows            training rows, n
 * @param rowsDropped     rows dropped as invalid
 * @param validationRows  held-out rows
 * @param perLabel        MSE, RMSE, MAE and R² per label, of the model in original units on the training rows
 * @param strategy        how the gradient was computed (never {@code AUTO})
 * @param dataPasses      passes over the rows made for gradients, validation losses and the step size
 * @param learningRate    the step size used, and where it came from
 * @param trainSeconds    wall time of the epoch loop
 * @param warnings        the fit's warnings, in order
 * @param statistics      per label, the coefficient statistics of the least-squares fit (empty when not
 *                        computed: too many features)
 */
public record FitMetrics(
        double loss,
        double l2Penalty,
        Double validationLoss,
        int epochs,
        TrainingResult.StopReason stopReason,
        long rows,
        long rowsDropped,
        long validationRows,
        Map<String, LabelMetrics> perLabel,
        GradientStrategy strategy,
        long dataPasses,
        LearningRate learningRate,
        double trainSeconds,
        List<String> warnings,
        Map<String, CoefficientStatistics.LabelStatistics> statistics) {

    public FitMetrics {
        perLabel = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perLabel));
        warnings = List.copyOf(warnings);
        statistics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statistics));
    }
}
