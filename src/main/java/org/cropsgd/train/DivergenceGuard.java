package org.cropsgd.train;

import java.util.function.DoubleSupplier;
import org.cropsgd.errors.Errors;

/**
 * Stops training as soon as the loss is non-finite or has grown past {@link #GROWTH_BOUND} times its value
 * at epoch 0. A NaN check alone is not enough: in float64 a too-large step can grow the loss for hundreds
 * of epochs (to 1e249 and beyond) without overflowing. Plain gradient descent with a stable step never
 * raises the loss of a quadratic, and momentum methods overshoot by far less than this bound.
 */
public final class DivergenceGuard {
    /** How many times its starting value the loss may reach before training counts as diverged. */
    public static final double GROWTH_BOUND = 1e6;

    private final double learningRate;
    private final DoubleSupplier largestStableRate;
    private double initialLoss = Double.NaN;

    /**
     * @param largestStableRate 2/λ for plain SGD, asked for only when training diverged (it may cost a
     *                          pass over the data)
     */
    public DivergenceGuard(double learningRate, DoubleSupplier largestStableRate) {
        this.learningRate = learningRate;
        this.largestStableRate = largestStableRate;
    }

    /** Checks the loss after {@code epoch} steps; throws the exit-4 error when training diverged. */
    public void check(int epoch, double loss) {
        if (epoch == 0) {
            initialLoss = loss;
        }
        boolean grewPastBound = initialLoss > 0 && loss > GROWTH_BOUND * initialLoss;
        if (!Double.isFinite(loss) || grewPastBound) {
            throw Errors.diverged(epoch, loss, initialLoss, GROWTH_BOUND, learningRate,
                    largestStableRate.getAsDouble());
        }
    }
}
