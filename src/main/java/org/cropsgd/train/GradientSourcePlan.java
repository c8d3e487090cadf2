package org.cropsgd.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.data.PartitionSums;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.MiniBatchGradient;
import org.cropsgd.gradient.PerEpochGradient;
import org.cropsgd.gradient.SufficientStatsGradient;
import org.cropsgd.model.LinearModel;

/**
 * The one place that picks a run's gradient sources for its strategy: the loss and gradient on the whole
 * training table, the source of the steps (the whole table, or a mini-batch per step) and the validation
 * loss. Training {@link #build builds} them; {@code gpu-check} lists the {@link #queries} they run, without
 * running any, so that it checks exactly the plans training executes.
 */
public final class GradientSourcePlan {
    private final TrainingSetup setup;
    private final FitSettings settings;

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
    public record Query(String name, PartitionSums.Query query) {}

    /**
     * Builds the sources. With sufficient statistics this runs the moments pass (unless done already) and
     * the anchor pass of the training rows, and both for the validation rows.
     */
    public Sources build() {
        GradientSource full = source(setup.training(), setup::momentsInTrainingUnits);
        GradientSource steps = setup.miniBatches() ? miniBatches() : full;
        Optional<GradientSource> validation = setup.validation().map(rows -> source(rows,
                () -> CentredMoments.compute(rows, setup.statistics()).inTrainingUnits(setup.standardization())));
        return new Sources(full, steps, validation);
    }

    /**
     * The queries of the sources at {@code model}, in the order a run first runs them (the training rows'
     * means and moments are {@link TrainingSetup}'s).
     */
    public List<Query> queries(LinearModel model) {
        List<Query> queries = new ArrayList<>();
        queries.add(new Query(sufficientStats() ? "anchor residual sums (sufficient-stats)"
                : "gradient pass (per-epoch)", perEpoch(setup.training()).plan(model)));
        if (setup.miniBatches()) {
            queries.add(new Query("mini-batch gradient pass", miniBatches().plan(model)));
        }
        if (setup.validation().isPresent()) {
            TrainingTable validation = setup.validation().get();
            if (sufficientStats()) {
                queries.add(new Query("validation centred moments",
                        CentredMoments.plan(validation, setup.statistics())));
            }
            queries.add(new Query(sufficientStats() ? "validation anchor residual sums" : "validation loss pass",
                    perEpoch(validation).plan(model)));
        }
        return queries;
    }

    /**
     * The passes over the rows that {@code sources} made, for metrics: the steps', the whole table's after
     * the last step, the validation's, and the moments pass when the per-epoch strategy needed it (for σ or
     * the step size; with sufficient statistics each source counts its own).
     */
    public long dataPasses(Sources sources) {
        return sources.steps().dataPasses()
                + (sources.steps() == sources.full() ? 0 : sources.full().dataPasses())
                + sources.validation().map(GradientSource::dataPasses).orElse(0L)
                + (!sufficientStats() && setup.momentsComputed() ? 1 : 0);
    }

    private boolean sufficientStats() {
        return setup.strategy() == GradientStrategy.SUFFICIENT_STATS;
    }

    private GradientSource source(TrainingTable rows, Supplier<CentredMoments> momentsInTrainingUnits) {
        return sufficientStats()
                ? new SufficientStatsGradient(momentsInTrainingUnits.get(), perEpoch(rows), settings.intercept())
                : perEpoch(rows);
    }

    private PerEpochGradient perEpoch(TrainingTable rows) {
        return new PerEpochGradient(rows, setup.standardization(), settings.intercept());
    }

    private MiniBatchGradient miniBatches() {
        return new MiniBatchGradient(setup.training(), setup.standardization(), settings.intercept(),
                settings.batchFraction(), settings.seed());
    }
}
