package org.cropsgd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.cropsgd.config.OptimizerKind;
import org.cropsgd.config.OptimizerSettings;
import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;
import org.junit.jupiter.api.Test;

class OptimizersTest {

    private static final LinearModel MODEL = new LinearModel(new double[][] {{1.0, -2.0}}, new double[] {0.5});
    private static final LossGradient G1 =
            new LossGradient(1.0, new double[][] {{0.5, -1.0}}, new double[] {2.0}, 4);
    private static final LossGradient G2 =
            new LossGradient(1.0, new double[][] {{0.25, 0.5}}, new double[] {-1.0}, 4);

    /** Two steps, so that optimizer state (momentum buffer, Adam moments) shows in the result. */
    private static double[] twoSteps(Optimizer optimizer) {
        LinearModel m = optimizer.step(optimizer.step(MODEL, G1), G2);
        return new double[] {m.weight(0, 0), m.weight(0, 1), m.bias(0)};
    }

    @Test
    void sgdSettingsGiveAnSgdWithTheirHyperParameters() {
        OptimizerSettings settings = new OptimizerSettings(OptimizerKind.SGD, OptionalDouble.empty(), 0.5, true,
                0.25, OptimizerSettings.DEFAULT_BETA1, OptimizerSettings.DEFAULT_BETA2, OptimizerSettings.DEFAULT_EPS);

        Optimizer optimizer = Optimizers.create(settings, 0.125);

        assertInstanceOf(Sgd.class, optimizer);
        // Same trajectory as an Sgd built by hand with lr 0.125, μ 0.5, Nesterov, wd 0.25 (and different from
        // plain SGD, so the momentum, Nesterov flag and weight decay were all passed on).
        assertArrayEquals(twoSteps(new Sgd(0.125, 0.5, true, 0.25)), twoSteps(optimizer));
        assertDifferent(twoSteps(new Sgd(0.125)), twoSteps(Optimizers.create(settings, 0.125)));
        assertDifferent(twoSteps(new Sgd(0.125, 0.5, false, 0.25)), twoSteps(Optimizers.create(settings, 0.125)));
    }

    @Test
    void plainSgdSettingsGivePlainSgd() {
        Optimizer optimizer = Optimizers.create(OptimizerSettings.sgd(OptionalDouble.of(0.5)), 0.5);

        assertInstanceOf(Sgd.class, optimizer);
        assertArrayEquals(twoSteps(new Sgd(0.5)), twoSteps(optimizer));
    }

    @Test
    void adamSettingsGiveAnAdamWithTheirHyperParameters() {
        OptimizerSettings settings = new OptimizerSettings(OptimizerKind.ADAM, OptionalDouble.of(0.01), 0.0, false,
                0.1, 0.8, 0.99, 1e-3);

        Optimizer optimizer = Optimizers.create(settings, 0.01);

        assertInstanceOf(Adam.class, optimizer);
        assertArrayEquals(twoSteps(new Adam(0.01, 0.8, 0.99, 1e-3, 0.1)), twoSteps(optimizer));
        // Swapped betas or a dropped ε / weight decay would give another trajectory.
        assertDifferent(twoSteps(new Adam(0.01, 0.99, 0.8, 1e-3, 0.1)), twoSteps(Optimizers.create(settings, 0.01)));
        assertDifferent(twoSteps(new Adam(0.01, 0.8, 0.99, 1e-8, 0.1)), twoSteps(Optimizers.create(settings, 0.01)));
        assertDifferent(twoSteps(new Adam(0.01, 0.8, 0.99, 1e-3, 0.0)), twoSteps(Optimizers.create(settings, 0.01)));
    }

    @Test
    void theLearningRateArgumentIsTheOneUsed() {
        // The settings say auto; the resolved rate is passed separately and must be the one applied.
        OptimizerSettings settings = OptimizerSettings.sgd(OptionalDouble.empty());
        double[] theta = twoSteps(Optimizers.create(settings, 0.5));

        // Plain SGD, lr 0.5: W[0][0] = 1.0 − 0.5·0.5 − 0.5·0.25 = 0.625; W[0][1] = −2.0 + 0.5 − 0.25 = −1.75;
        // b[0] = 0.5 − 1.0 + 0.5 = 0.0.
        assertArrayEquals(new double[] {0.625, -1.75, 0.0}, theta);
    }

    private static void assertDifferent(double[] unexpected, double[] actual) {
        assertFalse(Arrays.equals(unexpected, actual),
                "expected a different trajectory from " + Arrays.toString(unexpected));
    }
}
