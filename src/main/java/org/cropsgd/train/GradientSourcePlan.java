package org.cropsgd.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.LeastSquaresFit;
import org.cropsgd.gradient.MiniBatchGradient;
import org.cropsgd.gradient.PerEpochGradient;
import org.cropsgd.gradient.SufficientStatsGradient;
import org.cropsgd.model.LinearModel;
import org.cropsgd.moments.SumsEngine;
import org.cropsgd.moments.SumsEngines;

/**
 * The one place that picks a run's gradient sources for its strategy: the loss and gradient on the whole
 * training table, the source of the steps (the whole table, or a mini-batch per step) and the validation
 * loss. Training {@link #build builds} them; {@code gpu-check} lists the {@link #queries} they run, without
 * running any, so that it checks exactly the plans training executes.
 */
public final class GradientSourcePlan {
    private final TrainingSetup setup;
    private final FitSettings settings;
    /** The training rows' least-squares fit, once something asked for it. */
    private LeastSquaresFit trainingFit;

    /** The sources a run with {@code setup} and {@code settings} uses. */
    public GradientSourcePlan(TrainingSetup setup, FitSettings settings) {
        this.setup = setup;
        this.settings = settings;
    }

    /**
     * The sources, built.
     *
     * @param full        the loss and gradient on the whole training table
     * @param steps       the gradients of the steps ({@code full} itself without mini-batches)
     * @param validation  the loss on the held-out rows, when there are any
     */
    public record Sources(GradientSource full, GradientSource steps, Optional<GradientSource> validation) {}

    /** A query a source runs, under the name {@code gpu-check} reports it by. */
    public record Query(String name, Dataset<Row> query) {}

    /**
     * Builds the sources. With sufficient statistics this runs the anchor pass of the training rows when
     * their fit is near exact and the loading pass gave no anchor close enough to it, and the moments pass
     * (and the anchor pass if near exact) of the validation rows.
     */
    public Sources build() {
        GradientSource full = source(setup.training(), this::trainingFit);
        GradientSource steps = setup.miniBatches() ? miniBatches() : full;
        Optional<GradientSource> validation = setup.validation().map(rows -> source(rows,
                () -> LeastSquaresFit.of(CentredMoments.compute(rows).inTrainingUnits(setup.standardization()),
                        settings.intercept(), perEpoch(rows))));
        return new Sources(full, steps, validation);
    }

    /**
     * The queries of the sources at {@code model}, in the order a run first runs them (the training rows'
     * moments are {@link TrainingSetup}'s). Like a run, this computes the validation rows' moments, to know
     * whether their fit is near exact.
     */
    public List<Query> queries(LinearModel model) {
        List<Query> queries = new ArrayList<>();
        if (!sufficientStats()) {
            queries.add(new Query("gradient pass (per-epoch)", perEpoch(setup.training()).plan(model).perPartition()));
        } else {
            anchorQuery(model).ifPresent(queries::add);
        }
        if (setup.miniBatches()) {
            queries.add(new Query("mini-batch gradient pass", miniBatches().plan(model).perPartition()));
        }
        if (setup.validation().isPresent()) {
            TrainingTable validation = setup.validation().get();
            if (sufficientStats()) {
                SumsEngine engine = SumsEngines.of(validation.frame().sparkSession());
                for (Dataset<Row> query : engine.queries(CentredMoments.plan(validation))) {
                    queries.add(new Query("validation centred moments", query));
                }
                CentredMoments moments = CentredMoments.compute(validation).inTrainingUnits(setup.standardization());
                if (LeastSquaresFit.needsPass(moments, settings.intercept())) {
                    queries.add(new Query("validation anchor residual sums (near-exact fit)",
                            perEpoch(validation).plan(model).perPartition()));
                }
            } else {
                queries.add(new Query("validation loss pass", perEpoch(validation).plan(model).perPartition()));
            }
        }
        return queries;
    }

    /**
     * The anchor pass of the training rows' least-squares fit, when their fit is near exact: what sufficient
     * statistics, and the coefficient statistics of a per-epoch run, take a pass for.
     */
    public Optional<Query> anchorQuery(LinearModel model) {
        if (!LeastSquaresFit.needsPass(setup.momentsInTrainingUnits(), settings.intercept())) {
            return Optional.empty();
        }
        return Optional.of(new Query("anchor residual sums (near-exact fit)",
                perEpoch(setup.training()).plan(model).perPartition()));
    }

    /**
     * The least-squares fit of the training rows (in training units): the anchor of sufficient statistics,
     * and what the coefficient statistics describe. Made once, by whichever asks first; its sums may take
     * the anchor pass.
     */
    public LeastSquaresFit trainingFit() {
        if (trainingFit == null) {
            trainingFit = LeastSquaresFit.of(setup.momentsInTrainingUnits(), settings.intercept(),
                    perEpoch(setup.training()));
        }
        return trainingFit;
    }

    /**
     * The passes over the rows that {@code sources} made, for metrics: the steps', the whole table's after
     * the last step, the validation's (with its moments pass under sufficient statistics), the training
     * rows' moments pass when the loading pass could not give their moments, and the anchor pass of a
     * least-squares fit made for the statistics alone (per-epoch).
     */
    public long dataPasses(Sources sources) {
        boolean fitOutsideSources = trainingFit != null && !sufficientStats() && trainingFit.measured();
        return (fitOutsideSources ? 1 : 0)
                + sources.steps().dataPasses()
                + (sources.steps() == sources.full() ? 0 : sources.full().dataPasses())
                + sources.validation().map(GradientSource::dataPasses).orElse(0L)
                + (sources.validation().isPresent() && sufficientStats() ? 1 : 0)
                + (setup.momentsPass() ? 1 : 0);
    }

    private boolean sufficientStats() {
        return setup.strategy() == GradientStrategy.SUFFICIENT_STATS;
    }

    /** {@code rows}' source: relative to their least-squares fit (made only here) or a pass per epoch. */
    private GradientSource source(TrainingTable rows, Supplier<LeastSquaresFit> fit) {
        return sufficientStats() ? new SufficientStatsGradient(fit.get()) : perEpoch(rows);
    }

    private PerEpochGradient perEpoch(TrainingTable rows) {
        return new PerEpochGradient(rows, setup.standardization(), settings.intercept());
    }

    private MiniBatchGradient miniBatches() {
        return new MiniBatchGradient(setup.training(), setup.standardization(), settings.intercept(),
                settings.batchFraction(), settings.seed());
    }
}
