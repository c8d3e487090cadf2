package org.cropsgd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;
import org.junit.jupiter.api.Test;

/**
 * Adam against torch.optim.Adam (no amsgrad). With t the step number, starting at 1, and m = v = 0:
 *
 * <pre>
 *   g ← ∇ + wd·θ
 *   m ← m + (1 − β1)·(g − m)
 *   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 * </pre>
 *
 * The multi-step expected values were computed with python3 (float64) by the script below, which applies
 * these formulas in torch's order of operations and cross-checks them against the textbook form
 * {@code θ ← θ − lr·m̂ / (√v̂ + ε)} with {@code m̂ = m / (1 − β1ᵗ)}, {@code v̂ = v / (1 − β2ᵗ)} in numpy
 * (the two agreed to the last bit on every value used here):
 *
 * <pre>
 * import math
 * import numpy as np
 *
 * def adam_torch_order(theta, grads, lr, b1, b2, eps, wd):
 *     theta = list(theta); m = [0.0] * len(theta); v = [0.0] * len(theta); out = []
 *     for t, g in enumerate(grads, start=1):
 *         bc1 = 1 - b1 ** t
 *         bc2_sqrt = math.sqrt(1 - b2 ** t)
 *         step_size = lr / bc1
 *         for i in range(len(theta)):
 *             grad = g[i] + wd * theta[i] if wd != 0 else g[i]
 *             m[i] = m[i] + (1 - b1) * (grad - m[i])
 *             v[i] = v[i] * b2 + (1 - b2) * grad * grad
 *             denom = math.sqrt(v[i]) / bc2_sqrt + eps
 *             theta[i] = theta[i] + (-step_size) * (m[i] / denom)
 *         out.append(list(theta))
 *     return out
 *
 * def adam_textbook(theta, grads, lr, b1, b2, eps, wd):
 *     theta = np.array(theta); m = np.zeros_like(theta); v = np.zeros_like(theta); out = []
 *     for t, g in enumerate(grads, start=1):
 *         g = np.array(g) + wd * theta
 *         m = b1 * m + (1 - b1) * g
 *         v = b2 * v + (1 - b2) * g * g
 *         mhat = m / (1 - b1 ** t); vhat = v / (1 - b2 ** t)
 *         theta = theta - lr * mhat / (np.sqrt(vhat) + eps)
 *         out.append(theta.copy())
 *     return out
 *
 * cases = {
 *     # flat order: W[0][0], W[0][1], b[0]
 *     "noDecay": dict(theta=[0.5, -1.5, 2.0],
 *                     grads=[[0.3, -0.2, 1.5], [-0.1, -0.4, 1.0], [0.25, 0.05, -2.0]],
 *                     lr=0.1, b1=0.9, b2=0.999, eps=1e-8, wd=0.0),
 *     # flat order: W[0][0], W[1][0], b[0], b[1]
 *     "withDecay": dict(theta=[1.0, -2.0, 0.5, 0.25],
 *                       grads=[[0.2, -0.1, 0.0, 0.4], [0.1, 0.3, 0.0, -0.2], [-0.3, 0.2, 0.0, 0.1]],
 *                       lr=0.01, b1=0.8, b2=0.99, eps=1e-6, wd=0.1),
 * }
 * for name, c in cases.items():
 *     a = adam_torch_order(**c); b = adam_textbook(**c)
 *     print(name)
 *     for t, (x, y) in enumerate(zip(a, b), start=1):
 *         rel = max(abs(p - q) / abs(p) for p, q in zip(x, y))
 *         print("  step", t, [repr(p) for p in x], "max rel diff vs textbook %.1e" % rel)
 * </pre>
 */
class AdamTest {

    /** Relative tolerance on the python-computed values. */
    private static final double REL_TOL = 1e-15;

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], Math.abs(expected[i]) * REL_TOL, what + " [" + i + "]");
        }
    }

    @Test
    void threeStepsMatchTorchAdamWithoutWeightDecay() {
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0.0);
        LinearModel model = new LinearModel(new double[][] {{0.5, -1.5}}, new double[] {2.0});
        double[][][] gw = {{{0.3, -0.2}}, {{-0.1, -0.4}}, {{0.25, 0.05}}};
        double[][] gb = {{1.5}, {1.0}, {-2.0}};
        // python3, case "noDecay": θ = (W[0][0], W[0][1], b[0]) after steps 1, 2, 3.
        double[][] expectedW = {
            {0.4000000033333332, -1.4000000049999997},
            {0.35997814792808075, -1.3034818054695383},
            {0.29607732939622533, -1.236437624362433},
        };
        double[] expectedB = {1.9000000006666666, 1.8029647886183162, 1.8002353853026527};

        // By hand for step 1 (t = 1): m = 0.1·g, v = 0.001·g², lr/(1 − 0.9) = 1, √v/√0.001 = |g|, so
        //   θ ← θ − 0.1·g / (|g| + 1e-8); e.g. W[0][0] = 0.5 − 0.1·0.3/(0.3 + 1e-8) = 0.40000000333...
        for (int t = 0; t < 3; t++) {
            model = adam.step(model, new LossGradient(1.0, gw[t], gb[t], 5));
            assertClose(expectedW[t], model.weights()[0], "W after step " + (t + 1));
            assertClose(new double[] {expectedB[t]}, model.bias(), "b after step " + (t + 1));
        }
    }

    @Test
    void threeStepsMatchTorchAdamWithWeightDecayOnWeightsAndIntercepts() {
        Adam adam = new Adam(0.01, 0.8, 0.99, 1e-6, 0.1);
        // Two labels, one feature: θ = (W[0][0], W[1][0], b[0], b[1]).
        LinearModel model = new LinearModel(new double[][] {{1.0}, {-2.0}}, new double[] {0.5, 0.25});
        double[][][] gw = {{{0.2}, {-0.1}}, {{0.1}, {0.3}}, {{-0.3}, {0.2}}};
        // b[0] has a zero gradient throughout: it moves only through wd·θ.
        double[][] gb = {{0.0, 0.4}, {0.0, -0.2}, {0.0, 0.1}};
        // python3, case "withDecay".
        double[][] expected = {
            {0.9900000333332222, -1.9900000333332222, 0.4900001999960001, 0.2400000235293564},
            {0.9804098726024593, -1.9865431072770405, 0.4800116274534332, 0.23719394873531982},
            {0.977839671186752, -1.9840684672704927, 0.4700419430152081, 0.23338117203369707},
        };

        // By hand for step 1: g' = ∇ + 0.1·θ = (0.3, −0.3, 0.05, 0.425); like every first Adam step this moves
        // each parameter by lr·g'/(|g'| + ε): W[0][0] = 1.0 − 0.01·0.3/(0.3 + 1e-6) = 0.99000003333...,
        // b[0] = 0.5 − 0.01·0.05/(0.05 + 1e-6) = 0.49000019999...
        for (int t = 0; t < 3; t++) {
            model = adam.step(model, new LossGradient(1.0, gw[t], gb[t], 5));
            double[] theta = {model.weight(0, 0), model.weight(1, 0), model.bias(0), model.bias(1)};
            assertClose(expected[t], theta, "θ after step " + (t + 1));
        }
    }

    @Test
    void firstStepMovesEveryParameterByAlmostExactlyTheLearningRate() {
        // Step 1: m = (1 − β1)·g, v = (1 − β2)·g², so the update is
        //   lr/(1 − β1) · (1 − β1)·g / (√(1 − β2)·|g| / √(1 − β2) + ε) = lr·g / (|g| + ε) ≈ lr·sign(g),
        // off by lr·ε/(|g| + ε) ≤ lr·2e-7 for |g| ≥ 0.05: whatever the gradient's scale.
        double lr = 1e-3;
        Adam adam = new Adam(lr, 0.9, 0.999, 1e-8, 0.0);
        double[][] w = {{0.5, -1.5, 3.0}, {-0.25, 10.0, 0.0}};
        double[] b = {1.0, -4.0};
        LinearModel model = new LinearModel(w, b);
        double[][] gw = {{0.05, -2.5, 1e4}, {-3e3, 0.7, -0.125}};
        double[] gb = {123.0, -0.06};

        LinearModel next = adam.step(model, new LossGradient(1.0, gw, gb, 5));

        double tol = lr * 1e-6;
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(-lr * Math.signum(gw[k][j]), next.weight(k, j) - w[k][j], tol, "W[" + k + "][" + j + "]");
            }
            assertEquals(-lr * Math.signum(gb[k]), next.bias(k) - b[k], tol, "b[" + k + "]");
        }
    }

    @Test
    void aConstantGradientKeepsSteppingByTheLearningRate() {
        // With g constant: m_t = (1 − β1ᵗ)·g and v_t = (1 − β2ᵗ)·g², so m̂ = g and v̂ = g² on every step and
        // each step is lr·g/(|g| + ε) ≈ lr·sign(g). With lr = 0.25, three steps from (1, −1, 0) with
        // g = (2, −0.5, 4) end at θ − 0.75·g/(|g| + ε) ≈ (1 − 0.75, −1 + 0.75, 0 − 0.75) = (0.25, −0.25, −0.75).
        Adam adam = new Adam(0.25, 0.9, 0.999, 1e-8, 0.0);
        LinearModel model = new LinearModel(new double[][] {{1.0, -1.0}}, new double[] {0.0});
        LossGradient g = new LossGradient(1.0, new double[][] {{2.0, -0.5}}, new double[] {4.0}, 5);

        for (int t = 0; t < 3; t++) {
            model = adam.step(model, g);
        }

        // Exactly 3·lr·g/(|g| + ε), up to rounding: in float64 √v̂/|g| − 1 is 7e-15 on step 2 (1 − β2 and
        // 1 − β2² are not exact), so the positions may be off by a few 1e-15.
        assertEquals(1.0 - 0.75 * 2.0 / (2.0 + 1e-8), model.weight(0, 0), 1e-14);
        assertEquals(-1.0 + 0.75 * 0.5 / (0.5 + 1e-8), model.weight(0, 1), 1e-14);
        assertEquals(-0.75 * 4.0 / (4.0 + 1e-8), model.bias(0), 1e-14);
        // ... which is 3·lr·sign(g) up to 3·lr·ε/|g| ≤ 1.5e-8.
        assertArrayEquals(new double[] {0.25, -0.25}, model.weights()[0], 2e-8);
        assertEquals(-0.75, model.bias(0), 2e-8);
    }

    @Test
    void aParameterWithZeroGradientStaysPut() {
        // Zero gradient and no weight decay: m = v = 0, so the update is lr/(1 − β1ᵗ)·0/(0 + ε) = 0 on every step,
        // while the parameters next to it move.
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0.0);
        LinearModel model = new LinearModel(new double[][] {{0.7, -0.3}}, new double[] {1.25});
        double[][] gw = {{0.0, 0.5}, {0.0, -0.5}, {0.0, 2.0}};
        double[] gb = {1.0, 0.0, -1.0};

        for (int t = 0; t < 3; t++) {
            double before = model.weight(0, 1);
            model = adam.step(model, new LossGradient(1.0, new double[][] {gw[t]}, new double[] {gb[t]}, 5));
            assertEquals(0.7, model.weight(0, 0), "step " + (t + 1));
            assertTrue(model.weight(0, 1) != before, "W[0][1] moved on step " + (t + 1));
        }
        // The intercept has a zero gradient on step 2 only, yet moves then: m still remembers step 1.
        assertTrue(model.bias(0) != 1.25);
    }

    @Test
    void stepLeavesTheInputModelUnchanged() {
        LinearModel model = new LinearModel(new double[][] {{1.0, 2.0}}, new double[] {3.0});
        new Adam(0.1, 0.9, 0.999, 1e-8, 0.5).step(model,
                new LossGradient(1.0, new double[][] {{1.0, -1.0}}, new double[] {1.0}, 1));

        assertArrayEquals(new double[] {1.0, 2.0}, model.weights()[0]);
        assertEquals(3.0, model.bias(0));
    }
}
