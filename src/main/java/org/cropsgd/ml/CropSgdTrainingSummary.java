package org.cropsgd.ml;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.train.FitMetrics;
import org.cropsgd.train.FitResult;
import org.cropsgd.train.GroupedFitter;

/**
 * What a fit measured, as {@code train} writes it to {@code metrics.json} and {@code history.csv} (for a
 * grouped fit, one per group, as a line of {@code models.jsonl}): the loss per epoch, each label's metrics on
 * the training rows, the least-squares fit's coefficient statistics, the strategy and learning rate used,
 * and the warnings. Held by the fitted model; not saved with it (as MLlib's summaries).
 */
public final class CropSgdTrainingSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] lossHistory;
    private final int totalIterations;
    private final Map<String, LabelMetrics> metrics;
    private final Map<String, CoefficientStatistics.LabelStatistics> statistics;
    private final String strategy;
    private final double learningRate;
    private final long rows;
    private final List<String> warnings;

    private CropSgdTrainingSummary(double[] lossHistory, int totalIterations, Map<String, LabelMetrics> metrics,
            Map<String, CoefficientStatistics.LabelStatistics> statistics, String strategy, double learningRate,
            long rows, List<String> warnings) {
        this.lossHistory = lossHistory.clone();
        this.totalIterations = totalIterations;
        this.metrics = Map.copyOf(metrics);
        this.statistics = Map.copyOf(statistics);
        this.strategy = strategy;
        this.learningRate = learningRate;
        this.rows = rows;
        this.warnings = List.copyOf(warnings);
    }

    static CropSgdTrainingSummary of(FitResult result) {
        FitMetrics fit = result.metrics();
        return new CropSgdTrainingSummary(result.history().loss(), fit.epochs(), fit.perLabel(), fit.statistics(),
                fit.strategy().cliName(), fit.learningRate().value(), fit.rows(), fit.warnings());
    }

    static CropSgdTrainingSummary of(GroupedFitter.GroupFit fit, String strategy) {
        return new CropSgdTrainingSummary(fit.history().loss(), fit.epochs(), fit.metrics().perLabel(),
                fit.statistics(), strategy, fit.learningRate(), fit.rows(), fit.warnings());
    }

    /** The training loss (MSE over all labels, training units) after 0, 1, … steps. */
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    /** Steps taken. */
    public int totalIterations() {
        return totalIterations;
    }

    /** MSE, RMSE, MAE and R² of each label on the training rows. */
    public Map<String, LabelMetrics> metrics() {
        return metrics;
    }

    /**
     * Each label's coefficient statistics (standard errors, t and p values, R², adjusted R²), as MLlib's normal
     * solver reports them; empty past the widths they are computed for.
     */
    public Map<String, CoefficientStatistics.LabelStatistics> coefficientStatistics() {
        return statistics;
    }

    /** The strategy used: per-epoch or sufficient-stats. */
    public String strategy() {
        return strategy;
    }

    /** The learning rate used (auto resolved). */
    public double learningRate() {
        return learningRate;
    }

    /** Training rows used. */
    public long rows() {
        return rows;
    }

    public List<String> warnings() {
        return warnings;
    }
}
