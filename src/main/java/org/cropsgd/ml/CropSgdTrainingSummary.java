package org.cropsgd.ml;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.train.FitMetrics;
import org.cropsgd.train.FitResult;

/**
 * What a fit measured, as {@code train} writes it to {@code metrics.json} and {@code history.csv}: the loss per
 * epoch, each label's metrics on the training rows, the least-squares fit's coefficient statistics, the
 * strategy and learning rate used, and the warnings. Held by the fitted model; not saved with it (as MLlib's
 * summaries).
 */
public final class CropSgdTrainingSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] lossHistory;
    private final transient FitMetrics metrics;

    CropSgdTrainingSummary(FitResult result) {
        this.lossHistory = result.history().loss().clone();
        this.metrics = result.metrics();
    }

    /** The training loss (MSE over all labels, training units) after 0, 1, … steps. */
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    /** Steps taken. */
    public int totalIterations() {
        return metrics.epochs();
    }

    /** MSE, RMSE, MAE and R² of each label on the training rows, in label order. */
    public Map<String, LabelMetrics> metrics() {
        return metrics.perLabel();
    }

    /**
     * Each label's coefficient statistics (standard errors, t and p values, R², adjusted R²), as MLlib's normal
     * solver reports them; empty past the widths they are computed for.
     */
    public Map<String, CoefficientStatistics.LabelStatistics> coefficientStatistics() {
        return metrics.statistics();
    }

    /** The strategy used: per-epoch or sufficient-stats. */
    public String strategy() {
        return metrics.strategy().cliName();
    }

    /** The learning rate used (auto resolved). */
    public double learningRate() {
        return metrics.learningRate().value();
    }

    /** Training rows used. */
    public long rows() {
        return metrics.rows();
    }

    public List<String> warnings() {
        return metrics.warnings();
    }

    /** Everything above, as {@code metrics.json} holds it. */
    public FitMetrics fitMetrics() {
        return metrics;
    }
}
