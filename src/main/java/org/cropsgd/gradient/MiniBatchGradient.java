package org.cropsgd.gradient;

import java.util.Optional;
import org.cropsgd.data.PartitionSums;
import org.cropsgd.data.RowSampling;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.errors.Errors;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;

/**
 * Stochastic mini-batch gradients: each step runs the per-epoch SQL pass over a seeded sample of the table
 * ({@link RowSampling}, draw d with seed {@code seed + d}, d = 0, 1, 2, …) and scales by the sample's own
 * row count. A draw with no rows, or none that weighs anything (possible on tiny tables), is passed over for the next one, so that every
 * step moves; each draw is one pass.
 */
public final class MiniBatchGradient implements GradientSource {
    private final TrainingTable table;
    private final Standardization standardization;
    private final boolean intercept;
    private final double fraction;
    private final long seed;
    /** Draws in a row that may come up empty before the fraction is called too small. */
    private static final int MAX_EMPTY_DRAWS = 100;

    private int step;
    private long draws;

    public MiniBatchGradient(TrainingTable table, Standardization standardization, boolean intercept,
            double fraction, long seed) {
        this.table = table;
        this.standardization = standardization;
        this.intercept = intercept;
        this.fraction = fraction;
        this.seed = seed;
    }

    @Override
    public LossGradient evaluate(LinearModel model) {
        for (int empty = 0; empty < MAX_EMPTY_DRAWS; empty++) {
            TrainingTable batch = batch(seed + draws);
            draws++;
            ResidualSums sums = new PerEpochGradient(batch, standardization, intercept).residualSums(model);
            if (sums.weight() > 0) {
                step++;
                return sums.toLossGradient(intercept);
            }
        }
        throw Errors.emptyBatch(step, fraction);
    }

    /** The query of the next draw at {@code model}, for plan checks. */
    public PartitionSums.Query plan(LinearModel model) {
        return new PerEpochGradient(batch(seed + draws), standardization, intercept).plan(model);
    }

    private TrainingTable batch(long drawSeed) {
        return new TrainingTable(table.frame().filter(RowSampling.selected(table, fraction, drawSeed)),
                table.castRows(), table.columns(), 0, table.dropped(), Optional.empty());
    }

    @Override
    public long dataPasses() {
        return draws;
    }

    @Override
    public long samplesDrawn() {
        return draws;
    }

    @Override
    public void resumeAfterSamples(long drawn) {
        draws = drawn;
    }

}
