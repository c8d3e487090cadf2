package org.cropsgd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    // ---- momentum, Nesterov and weight decay: torch.optim.SGD with dampening 0 ----
    //
    //   g ← ∇ + wd·θ
    //   with momentum μ ≠ 0:  buf ← g on the first step, buf ← μ·buf + g after;
    //                         g ← g + μ·buf (Nesterov) or g ← buf
    //   θ ← θ − lr·g
    //
    // Every number is again dyadic, so the hand-computed results are exact and compared with ==.

    /** A one-label, two-feature model: θ = (W[0][0], W[0][1], b[0]). */
    private static LinearModel model(double w0, double w1, double b) {
        return new LinearModel(new double[][] {{w0, w1}}, new double[] {b});
    }

    private static LossGradient gradient(double gw0, double gw1, double gb) {
        return new LossGradient(1.0, new double[][] {{gw0, gw1}}, new double[] {gb}, 4);
    }

    private static void assertParameters(double w0, double w1, double b, LinearModel actual) {
        assertArrayEquals(new double[] {w0, w1}, actual.weights()[0], actual.toString());
        assertArrayEquals(new double[] {b}, actual.bias(), actual.toString());
    }

    // The three gradients fed to the momentum and Nesterov tests, as (W[0][0], W[0][1], b[0]):
    //   g1 = ( 0.5,  −1.0,  2.0)
    //   g2 = ( 0.25,  0.5, −1.0)
    //   g3 = (−0.75,  0.25, 0.5)

    @Test
    void momentumKeepsABufferStartingAtTheFirstGradient() {
        Sgd sgd = new Sgd(0.5, 0.5, false, 0.0);
        LinearModel m0 = model(1.0, -2.0, 0.5);

        // lr = 0.5, μ = 0.5.
        // Step 1: buf = g1 = (0.5, −1.0, 2.0)               (no μ·0 term: the buffer starts at g)
        //   θ = (1.0 − 0.5·0.5, −2.0 − 0.5·(−1.0), 0.5 − 0.5·2.0) = (0.75, −1.5, −0.5)
        LinearModel m1 = sgd.step(m0, gradient(0.5, -1.0, 2.0));
        assertParameters(0.75, -1.5, -0.5, m1);

        // Step 2: buf = 0.5·(0.5, −1.0, 2.0) + (0.25, 0.5, −1.0) = (0.5, 0.0, 0.0)
        //   θ = (0.75 − 0.5·0.5, −1.5 − 0, −0.5 − 0) = (0.5, −1.5, −0.5)
        //   (plain SGD would have given (0.625, −1.75, 0.0): the buffer cancels the 2nd and 3rd gradient)
        LinearModel m2 = sgd.step(m1, gradient(0.25, 0.5, -1.0));
        assertParameters(0.5, -1.5, -0.5, m2);

        // Step 3: buf = 0.5·(0.5, 0.0, 0.0) + (−0.75, 0.25, 0.5) = (−0.5, 0.25, 0.5)
        //   θ = (0.5 − 0.5·(−0.5), −1.5 − 0.5·0.25, −0.5 − 0.5·0.5) = (0.75, −1.625, −0.75)
        LinearModel m3 = sgd.step(m2, gradient(-0.75, 0.25, 0.5));
        assertParameters(0.75, -1.625, -0.75, m3);
    }

    @Test
    void nesterovStepsAlongTheGradientPlusMomentumTimesTheBuffer() {
        Sgd sgd = new Sgd(0.5, 0.5, true, 0.0);
        LinearModel m0 = model(1.0, -2.0, 0.5);

        // lr = 0.5, μ = 0.5; the buffers are those of the momentum test, the step direction is g + μ·buf.
        // Step 1: buf = g1 = (0.5, −1.0, 2.0); d = g1 + 0.5·buf = (0.75, −1.5, 3.0)
        //   θ = (1.0 − 0.375, −2.0 + 0.75, 0.5 − 1.5) = (0.625, −1.25, −1.0)
        LinearModel m1 = sgd.step(m0, gradient(0.5, -1.0, 2.0));
        assertParameters(0.625, -1.25, -1.0, m1);

        // Step 2: buf = (0.5, 0.0, 0.0); d = (0.25 + 0.25, 0.5 + 0, −1.0 + 0) = (0.5, 0.5, −1.0)
        //   θ = (0.625 − 0.25, −1.25 − 0.25, −1.0 + 0.5) = (0.375, −1.5, −0.5)
        LinearModel m2 = sgd.step(m1, gradient(0.25, 0.5, -1.0));
        assertParameters(0.375, -1.5, -0.5, m2);

        // Step 3: buf = (−0.5, 0.25, 0.5); d = (−0.75 − 0.25, 0.25 + 0.125, 0.5 + 0.25) = (−1.0, 0.375, 0.75)
        //   θ = (0.375 + 0.5, −1.5 − 0.1875, −0.5 − 0.375) = (0.875, −1.6875, −0.875)
        LinearModel m3 = sgd.step(m2, gradient(-0.75, 0.25, 0.5));
        assertParameters(0.875, -1.6875, -0.875, m3);
    }

    @Test
    void weightDecayAddsWdTimesThetaToEveryGradientIntercepsIncluded() {
        // Two labels, one feature: θ = (W[0][0], W[1][0], b[0], b[1]) = (1.0, −2.0, 0.5, 4.0).
        LinearModel m0 = new LinearModel(new double[][] {{1.0}, {-2.0}}, new double[] {0.5, 4.0});
        // ∇ = (0.5, 0.0, 0.0, −1.0), the same on both steps.
        LossGradient g = new LossGradient(1.0, new double[][] {{0.5}, {0.0}}, new double[] {0.0, -1.0}, 4);
        Sgd sgd = new Sgd(0.5, 0.0, false, 0.25);

        // lr = 0.5, wd = 0.25, no momentum.
        // Step 1: g' = ∇ + 0.25·θ = (0.5 + 0.25, 0 − 0.5, 0 + 0.125, −1.0 + 1.0) = (0.75, −0.5, 0.125, 0.0)
        //   θ = (1.0 − 0.375, −2.0 + 0.25, 0.5 − 0.0625, 4.0 − 0) = (0.625, −1.75, 0.4375, 4.0)
        //   b[0] has a zero gradient and still shrinks: weight decay applies to the intercepts too.
        LinearModel m1 = sgd.step(m0, g);
        assertArrayEquals(new double[] {0.625}, m1.weights()[0]);
        assertArrayEquals(new double[] {-1.75}, m1.weights()[1]);
        assertArrayEquals(new double[] {0.4375, 4.0}, m1.bias());

        // Step 2: g' = (0.5 + 0.15625, 0 − 0.4375, 0 + 0.109375, −1.0 + 1.0) = (0.65625, −0.4375, 0.109375, 0.0)
        //   θ = (0.625 − 0.328125, −1.75 + 0.21875, 0.4375 − 0.0546875, 4.0) = (0.296875, −1.53125, 0.3828125, 4.0)
        LinearModel m2 = sgd.step(m1, g);
        assertArrayEquals(new double[] {0.296875}, m2.weights()[0]);
        assertArrayEquals(new double[] {-1.53125}, m2.weights()[1]);
        assertArrayEquals(new double[] {0.3828125, 4.0}, m2.bias());
    }

    @Test
    void weightDecayIsAddedBeforeTheMomentumBuffer() {
        Sgd sgd = new Sgd(0.5, 0.5, false, 0.5);
        LinearModel m0 = model(2.0, 0.0, 0.0);

        // lr = 0.5, μ = 0.5, wd = 0.5; only W[0][0] has a gradient (1.0), the other two parameters are 0
        // with zero gradient, so wd·θ = 0 for them and they never move.
        // Step 1: g' = 1.0 + 0.5·2.0 = 2.0; buf = 2.0; θ = 2.0 − 0.5·2.0 = 1.0
        LinearModel m1 = sgd.step(m0, gradient(1.0, 0.0, 0.0));
        assertParameters(1.0, 0.0, 0.0, m1);

        // Step 2: g' = 1.0 + 0.5·1.0 = 1.5; buf = 0.5·2.0 + 1.5 = 2.5; θ = 1.0 − 0.5·2.5 = −0.25
        //   (decay added after the buffer instead: buf = 0.5·1.0 + 1.0 = 1.5, d = 1.5 + 0.5 = 2.0, θ = 0.0)
        LinearModel m2 = sgd.step(m1, gradient(1.0, 0.0, 0.0));
        assertParameters(-0.25, 0.0, 0.0, m2);
    }

    @Test
    void nesterovWithoutMomentumIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0.0, true, 0.0));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, -0.5, true, 0.0));
    }
}
