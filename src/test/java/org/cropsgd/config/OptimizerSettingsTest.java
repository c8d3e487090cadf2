package org.cropsgd.config;

import static org.cropsgd.config.OptimizerSettings.DEFAULT_BETA1;
import static org.cropsgd.config.OptimizerSettings.DEFAULT_BETA2;
import static org.cropsgd.config.OptimizerSettings.DEFAULT_EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OptimizerSettingsTest {

    private static OptimizerSettings sgd(double momentum, boolean nesterov, double weightDecay) {
        return new OptimizerSettings(OptimizerKind.SGD, OptionalDouble.of(0.1), momentum, nesterov, weightDecay,
                DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    private static OptimizerSettings adam(double beta1, double beta2, double eps, double weightDecay) {
        return new OptimizerSettings(OptimizerKind.ADAM, OptionalDouble.of(0.1), 0, false, weightDecay,
                beta1, beta2, eps);
    }

    /** A usage error (exit code 2) whose message names {@code --option}. */
    private static void assertUsageError(String option, Executable build) {
        CropSgdException e = assertThrows(CropSgdException.class, build);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--" + option), "message should name --" + option + ": " + e.getMessage());
    }

    @Test
    void validSettingsBuild() {
        OptimizerSettings s = sgd(0.9, true, 1e-4);
        assertEquals(0.9, s.momentum());
        assertTrue(s.nesterov());
        assertEquals(1e-4, s.weightDecay());

        OptimizerSettings a = adam(0.0, 0.5, 1e-3, 0.01);
        assertEquals(0.0, a.beta1());
        assertEquals(0.5, a.beta2());
        assertEquals(1e-3, a.eps());
    }

    @Test
    void momentumOutsideZeroToOneIsRejected() {
        assertUsageError("momentum", () -> sgd(-0.1, false, 0));
        assertUsageError("momentum", () -> sgd(1.0, false, 0));
        assertUsageError("momentum", () -> sgd(Double.NaN, false, 0));
    }

    @Test
    void negativeOrInfiniteWeightDecayIsRejected() {
        assertUsageError("weight-decay", () -> sgd(0, false, -0.01));
        assertUsageError("weight-decay", () -> adam(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, -1));
        assertUsageError("weight-decay", () -> sgd(0, false, Double.POSITIVE_INFINITY));
    }

    @Test
    void betasOutsideZeroToOneAreRejected() {
        assertUsageError("beta1", () -> adam(1.0, DEFAULT_BETA2, DEFAULT_EPS, 0));
        assertUsageError("beta1", () -> adam(-0.1, DEFAULT_BETA2, DEFAULT_EPS, 0));
        assertUsageError("beta2", () -> adam(DEFAULT_BETA1, -0.1, DEFAULT_EPS, 0));
        assertUsageError("beta2", () -> adam(DEFAULT_BETA1, 1.0, DEFAULT_EPS, 0));
    }

    @Test
    void epsMustBePositiveAndFinite() {
        assertUsageError("eps", () -> adam(DEFAULT_BETA1, DEFAULT_BETA2, 0, 0));
        assertUsageError("eps", () -> adam(DEFAULT_BETA1, DEFAULT_BETA2, -1e-8, 0));
        assertUsageError("eps", () -> adam(DEFAULT_BETA1, DEFAULT_BETA2, Double.POSITIVE_INFINITY, 0));
    }

    @Test
    void learningRateMustBePositiveAndFinite() {
        for (double lr : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertUsageError("learning-rate", () -> OptimizerSettings.sgd(OptionalDouble.of(lr)));
            assertUsageError("learning-rate", () -> new OptimizerSettings(OptimizerKind.ADAM, OptionalDouble.of(lr),
                    0, false, 0, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS));
        }
    }

    @Test
    void nesterovNeedsMomentum() {
        assertUsageError("nesterov", () -> sgd(0, true, 0));
    }

    @Test
    void momentumAndNesterovAreSgdOnly() {
        CropSgdException e = assertThrows(CropSgdException.class, () -> new OptimizerSettings(OptimizerKind.ADAM,
                OptionalDouble.empty(), 0.5, false, 0, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--momentum"), e.getMessage());
        assertTrue(e.getMessage().contains("--optimizer sgd"), e.getMessage());

        assertUsageError("momentum", () -> new OptimizerSettings(OptimizerKind.ADAM, OptionalDouble.empty(), 0.5,
                true, 0, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS));
        // Nesterov alone with Adam fails too (on its missing momentum or on being SGD-only; both name it).
        assertUsageError("nesterov", () -> new OptimizerSettings(OptimizerKind.ADAM, OptionalDouble.empty(), 0,
                true, 0, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS));
    }

    @Test
    void adamHyperParametersAreAdamOnly() {
        assertUsageError("beta1", () -> new OptimizerSettings(OptimizerKind.SGD, OptionalDouble.empty(), 0, false,
                0, 0.8, DEFAULT_BETA2, DEFAULT_EPS));
        assertUsageError("beta2", () -> new OptimizerSettings(OptimizerKind.SGD, OptionalDouble.empty(), 0, false,
                0, DEFAULT_BETA1, 0.99, DEFAULT_EPS));
        CropSgdException e = assertThrows(CropSgdException.class, () -> new OptimizerSettings(OptimizerKind.SGD,
                OptionalDouble.empty(), 0, false, 0, DEFAULT_BETA1, DEFAULT_BETA2, 1e-6));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--eps"), e.getMessage());
        assertTrue(e.getMessage().contains("--optimizer adam"), e.getMessage());
    }

    @Test
    void sgdOptionsNameTheOptimizerAndItsSettings() {
        Map<String, Object> options = sgd(0.5, true, 0.25).asOptions();

        assertEquals("sgd", options.get("optimizer"));
        assertEquals(0.1, options.get("learning-rate"));
        assertEquals(0.5, options.get("momentum"));
        assertEquals(true, options.get("nesterov"));
        assertEquals(0.25, options.get("weight-decay"));
        assertFalse(options.containsKey("beta1"));
        assertEquals(List.of("optimizer", "learning-rate"), List.copyOf(options.keySet()).subList(0, 2));
    }

    @Test
    void adamOptionsNameTheOptimizerAndItsSettings() {
        Map<String, Object> options = adam(0.8, 0.99, 1e-6, 0.01).asOptions();

        assertEquals("adam", options.get("optimizer"));
        assertEquals(0.1, options.get("learning-rate"));
        assertEquals(0.8, options.get("beta1"));
        assertEquals(0.99, options.get("beta2"));
        assertEquals(1e-6, options.get("eps"));
        assertEquals(0.01, options.get("weight-decay"));
        assertFalse(options.containsKey("momentum"));
    }

    @Test
    void anEmptyLearningRateIsSavedAsAuto() {
        assertEquals("auto", OptimizerSettings.sgd(OptionalDouble.empty()).asOptions().get("learning-rate"));
        assertEquals("auto", new OptimizerSettings(OptimizerKind.ADAM, OptionalDouble.empty(), 0, false, 0,
                DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS).asOptions().get("learning-rate"));
    }
}
