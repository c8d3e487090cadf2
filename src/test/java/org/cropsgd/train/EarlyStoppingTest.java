package org.cropsgd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    /** What {@link EarlyStopping#converged} answers for each loss in turn. */
    private static boolean[] feed(EarlyStopping stopping, double... losses) {
        boolean[] answers = new boolean[losses.length];
        for (int i = 0; i < losses.length; i++) {
            answers[i] = stopping.converged(losses[i]);
        }
        return answers;
    }

    @Test
    void zeroTolNeverStops() {
        EarlyStopping stopping = new EarlyStopping(0.0, 1);
        for (int epoch = 0; epoch < 100; epoch++) {
            // A flat loss: zero improvement on every epoch but the first.
            assertFalse(stopping.converged(1.0), "epoch " + epoch);
        }
        // Nor a rising one.
        EarlyStopping rising = new EarlyStopping(0.0, 1);
        for (int epoch = 0; epoch < 100; epoch++) {
            assertFalse(rising.converged(1.0 + epoch), "epoch " + epoch);
        }
    }

    @Test
    void stopsExactlyAfterPatienceEpochsBelowTol() {
        // tol 1%: each epoch after the first improves by 0.1% relative to the one before.
        // epoch 1: no previous loss; epochs 2, 3, 4: 1st, 2nd and 3rd epoch below tol → stop at epoch 4.
        assertArrayEquals(new boolean[] {false, false, false, true},
                feed(new EarlyStopping(0.01, 3), 1.0, 0.999, 0.998, 0.997));
        // patience 1: the first epoch below tol stops.
        assertArrayEquals(new boolean[] {false, true},
                feed(new EarlyStopping(0.01, 1), 1.0, 0.999));
    }

    @Test
    void theFirstEpochNeverStops() {
        assertArrayEquals(new boolean[] {false}, feed(new EarlyStopping(0.5, 1), 1.0));
    }

    @Test
    void anEpochWithEnoughImprovementResetsTheCount() {
        // patience 3, tol 1%: two epochs below tol, then a 9.8% improvement (0.998 → 0.9) resets the count,
        // so it takes three more epochs below tol to stop.
        assertArrayEquals(new boolean[] {false, false, false, false, false, false, true},
                feed(new EarlyStopping(0.01, 3), 1.0, 0.999, 0.998, 0.9, 0.8999, 0.8998, 0.8997));
    }

    @Test
    void anImprovementOfExactlyTolIsEnough() {
        // tol 0.5: 1.0 → 0.5 improves by exactly (1.0 − 0.5)/1.0 = 0.5, which is not below tol;
        // 0.5 → 0.375 improves by 0.25, which is.
        assertArrayEquals(new boolean[] {false, false, true},
                feed(new EarlyStopping(0.5, 1), 1.0, 0.5, 0.375));
    }

    @Test
    void aRisingLossCountsAsNoImprovement() {
        // patience 2, tol 1%: improvement (1.0 − 1.5)/1.0 = −0.5 and (1.5 − 2.0)/1.5 = −1/3, both below tol.
        assertArrayEquals(new boolean[] {false, false, true},
                feed(new EarlyStopping(0.01, 2), 1.0, 1.5, 2.0));
        // A rise interrupting good progress counts too, and the next good epoch resets it.
        assertArrayEquals(new boolean[] {false, false, false, false, false, true},
                feed(new EarlyStopping(0.01, 2), 1.0, 0.5, 0.6, 0.3, 0.31, 0.32));
    }

    @Test
    void aLossThatReachesZeroStopsWithoutDividingByZero() {
        // 1.0 → 0.0 improves by 100%; then 0.0 → 0.0 is no improvement (0/MIN_NORMAL = 0, not NaN).
        assertArrayEquals(new boolean[] {false, false, false, true},
                feed(new EarlyStopping(1e-3, 2), 1.0, 0.0, 0.0, 0.0));
    }
}
