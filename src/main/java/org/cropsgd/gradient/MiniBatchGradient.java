package org.cropsgd.gradient;


import org.cropsgd.data.RowSampling;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.errors.Errors;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;

/**
 * Stochastic mini-batch gradients: evaluation e (the step of epoch e) runs the per-epoch SQL pass over a
 * seeded sample of the table, {@link RowSampling} with seed {@code seed + e}, and scales by the sample's
 * own row count. Each evaluation is one pass.
 */
public final class MiniBatchGradient implements GradientSource {
    private final TrainingTable table;
    private final Standardization standardization;
    private final boolean intercept;
    private final double fraction;
    private final long seed;
    private int step;

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
        TrainingTable batch = new TrainingTable(table.frame().filter(RowSampling.selected(table, fraction, seed + step)),
                table.cached(), table.columns(), 0, table.dropped());
        ResidualSums sums = new PerEpochGradient(batch, standardization, intercept).residualSums(model);
        if (sums.rows() == 0) {
            throw Errors.emptyBatch(step, fraction);
        }
        step++;
        return sums.toLossGradient(intercept);
    }

    @Override
    public long dataPasses() {
        return step;
    }

}
