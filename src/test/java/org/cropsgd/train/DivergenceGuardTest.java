package org.cropsgd.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.ExitCode;
import org.junit.jupiter.api.Test;

class DivergenceGuardTest {
    private static final double LEARNING_RATE = 0.25;
    private static final double LARGEST_STABLE_RATE = 0.125;
    private static final double INITIAL_LOSS = 2.0;

    @Test
    void finiteDecreasingLossesPass() {
        DivergenceGuard guard = new DivergenceGuard(LEARNING_RATE, () -> LARGEST_STABLE_RATE);
        double[] losses = {10.0, 5.0, 2.5, 1.0, 0.1, 1e-9, 0.0};
        assertDoesNotThrow(() -> {
            for (int epoch = 0; epoch < losses.length; epoch++) {
                guard.check(epoch, losses[epoch]);
            }
        });
    }

    @Test
    void aModestIncreaseStillPasses() {
        DivergenceGuard guard = new DivergenceGuard(LEARNING_RATE, () -> LARGEST_STABLE_RATE);
        guard.check(0, INITIAL_LOSS);
        assertDoesNotThrow(() -> guard.check(1, 1000 * INITIAL_LOSS));
    }

    @Test
    void nanLossThrowsDiverged() {
        DivergenceGuard guard = started();
        CropSgdException e = assertThrows(CropSgdException.class, () -> guard.check(3, Double.NaN));
        assertDivergedAt(3, e);
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void infiniteLossThrowsDiverged() {
        DivergenceGuard guard = started();
        CropSgdException e = assertThrows(CropSgdException.class,
                () -> guard.check(5, Double.POSITIVE_INFINITY));
        assertDivergedAt(5, e);
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void nonFiniteInitialLossThrowsAtEpochZero() {
        DivergenceGuard guard = new DivergenceGuard(LEARNING_RATE, () -> LARGEST_STABLE_RATE);
        CropSgdException e = assertThrows(CropSgdException.class, () -> guard.check(0, Double.NaN));
        assertDivergedAt(0, e);
    }

    @Test
    void aLossJustAboveTheGrowthBoundThrows() {
        DivergenceGuard guard = started();
        double bound = DivergenceGuard.GROWTH_BOUND * INITIAL_LOSS;   // 2e6, exact
        CropSgdException e = assertThrows(CropSgdException.class, () -> guard.check(7, Math.nextUp(bound)));
        assertDivergedAt(7, e);
    }

    @Test
    void aLossJustBelowOrAtTheGrowthBoundPasses() {
        DivergenceGuard guard = started();
        double bound = DivergenceGuard.GROWTH_BOUND * INITIAL_LOSS;
        assertDoesNotThrow(() -> guard.check(7, Math.nextDown(bound)));
        assertDoesNotThrow(() -> guard.check(8, bound));
    }

    @Test
    void theBoundIsRelativeToTheLossAtEpochZeroNotToLaterLosses() {
        DivergenceGuard guard = started();
        guard.check(1, 1e-3);
        // 1e-3 · 1e6 = 1e3 would be exceeded, but the bound is 2e6 from epoch 0.
        assertDoesNotThrow(() -> guard.check(2, 1e4));
    }

    private static DivergenceGuard started() {
        DivergenceGuard guard = new DivergenceGuard(LEARNING_RATE, () -> LARGEST_STABLE_RATE);
        guard.check(0, INITIAL_LOSS);
        return guard;
    }

    private static void assertDivergedAt(int epoch, CropSgdException e) {
        String message = e.getMessage();
        assertEquals(ExitCode.DIVERGED, e.exitCode());
        assertTrue(message.contains("epoch " + epoch), message);
        assertTrue(message.contains(String.valueOf(LEARNING_RATE)), message);
        assertTrue(message.contains("learning rate"), message);
        assertTrue(message.contains("too large"), message);
        assertTrue(message.contains("2/λ = 0.125"), message);
    }
}
