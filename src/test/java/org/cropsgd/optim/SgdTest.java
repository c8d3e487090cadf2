package org.cropsgd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;
import org.junit.jupiter.api.Test;

class SgdTest {

    // All values below are dyadic fractions (k / 2^m), so every product and difference is exact in double
    // arithmetic and the expected results can be compared with ==.

    @Test
    void oneStepMovesEveryParameterAgainstItsGradient() {
        LinearModel model = new LinearModel(
                new double[][] {{1.0, 2.0}, {3.0, 4.0}},
                new double[] {0.5, -1.0});
        LossGradient gradient = new LossGradient(
                7.0,
                new double[][] {{0.25, -0.5}, {0.75, 1.0}},
                new double[] {1.0, -2.0},
                10);

        LinearModel next = new Sgd(0.5).step(model, gradient);

        // θ ← θ − lr·g with lr = 0.5:
        //   W[0][0] = 1.0 − 0.5·0.25  = 0.875     W[0][1] = 2.0 − 0.5·(−0.5) = 2.25
        //   W[1][0] = 3.0 − 0.5·0.75  = 2.625     W[1][1] = 4.0 − 0.5·1.0    = 3.5
        //   b[0]    = 0.5 − 0.5·1.0   = 0.0       b[1]    = −1.0 − 0.5·(−2.0) = 0.0
        assertArrayEquals(new double[] {0.875, 2.25}, next.weights()[0]);
        assertArrayEquals(new double[] {2.625, 3.5}, next.weights()[1]);
        assertArrayEquals(new double[] {0.0, 0.0}, next.bias());
    }

    @Test
    void stepLeavesTheInputModelUnchanged() {
        LinearModel model = new LinearModel(new double[][] {{1.0, 2.0}}, new double[] {3.0});
        LossGradient gradient = new LossGradient(1.0, new double[][] {{1.0, 1.0}}, new double[] {1.0}, 1);

        new Sgd(0.25).step(model, gradient);

        assertArrayEquals(new double[] {1.0, 2.0}, model.weights()[0]);
        assertEquals(3.0, model.bias(0));
    }

    @Test
    void biasIsUntouchedWhenItsGradientIsZero() {
        // What ResidualSums.toLossGradient gives for a model without intercepts.
        double[] bias = {0.1, -7.3};
        LinearModel model = new LinearModel(new double[][] {{1.0}, {2.0}}, bias);
        LossGradient gradient = new LossGradient(1.0, new double[][] {{0.5}, {-0.5}}, new double[] {0.0, 0.0}, 4);

        LinearModel next = new Sgd(0.125).step(model, gradient);

        assertArrayEquals(bias, next.bias());
        // The weights did move: 1.0 − 0.125·0.5 = 0.9375 and 2.0 − 0.125·(−0.5) = 2.0625.
        assertEquals(0.9375, next.weight(0, 0));
        assertEquals(2.0625, next.weight(1, 0));
    }
}
