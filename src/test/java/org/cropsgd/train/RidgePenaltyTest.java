package org.cropsgd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;
import org.junit.jupiter.api.Test;

class RidgePenaltyTest {

    // Dyadic values throughout, so every expected result is exact.
    // W = [[1, 2], [3, −1]]: ΣW² = 1 + 4 + 9 + 1 = 15. The intercepts are large so that including them
    // by mistake (10² + 20² = 500) could not go unnoticed.
    private static final LinearModel MODEL =
            new LinearModel(new double[][] {{1.0, 2.0}, {3.0, -1.0}}, new double[] {10.0, -20.0});

    private static LossGradient mse() {
        return new LossGradient(2.0, new double[][] {{0.5, -0.25}, {0.0, 1.0}}, new double[] {0.75, -1.5}, 8);
    }

    @Test
    void valueIsLambdaTimesTheSumOfSquaredWeightsWithoutIntercepts() {
        // 0.25 · 15 = 3.75
        assertEquals(3.75, new RidgePenalty(0.25).value(MODEL));
        // 2 · 15 = 30
        assertEquals(30.0, new RidgePenalty(2.0).value(MODEL));
    }

    @Test
    void gradientAddsTwoLambdaWToTheWeightGradientOnly() {
        LossGradient total = new RidgePenalty(0.25).addTo(mse(), MODEL);

        // 2λ = 0.5: ∂/∂W = ∇W + 0.5·W = [[0.5 + 0.5, −0.25 + 1.0], [0.0 + 1.5, 1.0 − 0.5]]
        assertArrayEquals(new double[] {1.0, 0.75}, total.weightGradient()[0]);
        assertArrayEquals(new double[] {1.5, 0.5}, total.weightGradient()[1]);
        // The intercepts are not penalised: their gradient is the MSE one.
        assertArrayEquals(new double[] {0.75, -1.5}, total.biasGradient());
        // loss = mse + λ·ΣW² = 2.0 + 3.75
        assertEquals(5.75, total.loss());
        assertEquals(8, total.weight());
    }

    @Test
    void addToLeavesTheMseGradientUnchanged() {
        LossGradient mse = mse();
        new RidgePenalty(0.25).addTo(mse, MODEL);

        assertArrayEquals(new double[] {0.5, -0.25}, mse.weightGradient()[0]);
        assertArrayEquals(new double[] {0.0, 1.0}, mse.weightGradient()[1]);
        assertEquals(2.0, mse.loss());
    }

    @Test
    void theGradientMatchesAFiniteDifferenceOfTheValue() {
        // d/dW[1][0] of λ·ΣW² at W[1][0] = 3 is 2λ·3; a central difference is exact for a quadratic
        // up to rounding.
        RidgePenalty ridge = new RidgePenalty(0.3);
        double h = 1e-4;
        LinearModel plus = new LinearModel(new double[][] {{1.0, 2.0}, {3.0 + h, -1.0}}, new double[] {10.0, -20.0});
        LinearModel minus = new LinearModel(new double[][] {{1.0, 2.0}, {3.0 - h, -1.0}}, new double[] {10.0, -20.0});
        double numeric = (ridge.value(plus) - ridge.value(minus)) / (2 * h);
        LossGradient zero = new LossGradient(0.0, new double[2][2], new double[2], 1);

        assertEquals(numeric, ridge.addTo(zero, MODEL).weightGradient()[1][0], 1e-9);
        assertEquals(1.8, ridge.addTo(zero, MODEL).weightGradient()[1][0], 1e-15);
    }

    @Test
    void zeroLambdaIsInactiveAndReturnsTheSameGradient() {
        RidgePenalty none = new RidgePenalty(0.0);
        LossGradient mse = mse();

        assertFalse(none.isActive());
        assertEquals(0.0, none.value(MODEL));
        assertSame(mse, none.addTo(mse, MODEL));
        assertTrue(new RidgePenalty(1e-12).isActive());
    }
}
