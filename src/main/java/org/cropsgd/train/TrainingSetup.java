package org.cropsgd.train;

import static org.apache.spark.sql.functions.not;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.FitSettings;
import org.cropsgd.data.RowSampling;
import org.cropsgd.data.TableStatistics;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.errors.Errors;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.model.Standardization;

/**
 * What a run settles about its data before the first step: which rows train and which validate, the
 * column means and centred moments, the units training runs in, and the gradient strategy. Shared by
 * {@link Fitter} and the GPU plan check, so both see the same queries. The moments of the training rows
 * come with the loading pass when it covered exactly those rows, otherwise from one pass of their own.
 */
public final class TrainingSetup {
    private final FitSettings settings;
    private final TrainingTable training;
    private final Optional<TrainingTable> validation;
    private final TableStatistics statistics;
    private final CentredMoments moments;
    private final Standardization standardization;
    private final CentredMoments momentsInTrainingUnits;
    private final GradientStrategy strategy;

    private TrainingSetup(FitSettings settings, TrainingTable training, Optional<TrainingTable> validation) {
        this.settings = settings;
        this.training = training;
        this.validation = validation;
        this.moments = CentredMoments.compute(training);
        if (!(moments.weight() > 0)) {
            throw Errors.zeroWeightTotal(settings.weightColumn().orElse("(none)"), training.rows());
        }
        this.statistics = new TableStatistics(moments.zMean(), moments.yMean());
        this.standardization = settings.standardize()
                ? Standardization.of(statistics.featureMean(), moments.featureStddev(), settings.intercept())
                : Standardization.identity(training.featureCount());
        this.momentsInTrainingUnits = moments.inTrainingUnits(standardization);
        this.strategy = settings.strategy().resolve(training.featureCount(), settings.miniBatches());
    }

    /** Splits off the validation rows (seeded by row hash) and settles the rest; one pass for the means. */
    public static TrainingSetup of(FitSettings settings, TrainingTable loaded) {
        if (settings.validationFraction() == 0) {
            return new TrainingSetup(settings, loaded, Optional.empty());
        }
        Column held = RowSampling.selected(loaded, settings.validationFraction(), settings.seed());
        TrainingTable training = loaded.where(not(held));
        TrainingTable validation = loaded.where(held);
        if (training.rows() == 0 || validation.rows() == 0) {
            throw Errors.validationEmpty(settings.validationFraction(), training.rows(), validation.rows());
        }
        return new TrainingSetup(settings, training, Optional.of(validation));
    }

    public TrainingTable training() {
        return training;
    }

    public Optional<TrainingTable> validation() {
        return validation;
    }

    public TableStatistics statistics() {
        return statistics;
    }

    public Standardization standardization() {
        return standardization;
    }

    public GradientStrategy strategy() {
        return strategy;
    }

    public boolean miniBatches() {
        return settings.miniBatches();
    }

    /** The centred moments of the training rows in training units. */
    public CentredMoments momentsInTrainingUnits() {
        return momentsInTrainingUnits;
    }

    /** Whether the training rows' moments took a pass of their own (not the loading pass's). */
    public boolean momentsPass() {
        return training.moments().isEmpty();
    }

    /**
     * λ, the largest eigenvalue of the Hessian of what the steps descend, in training units: the loss's, plus
     * the ridge penalty's 2·l2 (on the weights) and torch's weight decay wd (on every parameter). Their sum
     * bounds the whole Hessian's, so 1/λ ("auto") never overshoots and 2/λ is the stability limit the
     * divergence guard reports, with or without --l2 and --weight-decay.
     */
    public double largestHessianEigenvalue() {
        return momentsInTrainingUnits().largestHessianEigenvalue(training.labelCount(), settings.intercept())
                + 2 * settings.l2() + settings.optimizer().weightDecay();
    }
}
