package org.cropsgd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.LossGradient;
import org.cropsgd.gradient.ReferenceGradient;
import org.cropsgd.model.LinearModel;
import org.cropsgd.optim.Adam;
import org.cropsgd.optim.Optimizer;
import org.cropsgd.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * A run resumed from any saved state takes bit for bit the steps of the uninterrupted run: same final
 * model, same history, same stopping epoch. The optimizer, guard and early stopping a resumed run gets are
 * fresh objects, as in a new driver process.
 */
class TrainerResumeTest {
    // Two features, two labels, five rows: the shape of the crop table, small enough for plain loops.
    private static final double[][] X = {{73, 67}, {91, 88}, {87, 134}, {102, 43}, {69, 96}};
    private static final double[][] Y = {{56, 70}, {81, 101}, {119, 133}, {22, 37}, {103, 119}};
    private static final double[][] X_VALIDATION = {{80, 70}, {95, 60}};
    private static final double[][] Y_VALIDATION = {{60, 75}, {50, 64}};

    /** The exact gradient on fixed rows; counts its calls as "samples" so that the sample count is checked. */
    private static final class CountingReference implements GradientSource {
        private final double[][] x;
        private final double[][] y;
        private long calls;

        CountingReference(double[][] x, double[][] y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public LossGradient evaluate(LinearModel model) {
            calls++;
            return ReferenceGradient.of(x, y, model.weights(), model.bias());
        }

        @Override
        public long dataPasses() {
            return calls;
        }

        @Override
        public long samplesDrawn() {
            return calls;
        }

        @Override
        public void resumeAfterSamples(long drawn) {
            calls = drawn;
        }
    }

    private record Setup(Supplier<Optimizer> optimizer, double l2, boolean validation, double tol) {}

    private static Trainer trainer(Setup setup, CheckpointSink sink) {
        CountingReference steps = new CountingReference(X, Y);
        Optional<GradientSource> validation = setup.validation()
                ? Optional.of(new CountingReference(X_VALIDATION, Y_VALIDATION)) : Optional.empty();
        return new Trainer(steps, steps, validation, setup.optimizer().get(), new RidgePenalty(setup.l2()),
                new DivergenceGuard(1e-5, () -> 1.0), new EarlyStopping(setup.tol(), 3),
                EpochListener.NONE, sink);
    }

    private static void assertResumesExactly(Setup setup, int epochs) {
        List<TrainingState> saved = new ArrayList<>();
        LinearModel initial = LinearModel.standardNormal(2, 2, true, 7);
        TrainingResult uninterrupted = trainer(setup, (epoch, state) -> saved.add(state.get())).train(initial, epochs);
        assertFalse(saved.isEmpty());
        for (TrainingState state : saved) {
            TrainingResult resumed = trainer(setup, CheckpointSink.NONE).train(state, epochs);
            String at = "resumed at epoch " + state.epoch();
            assertEquals(uninterrupted.epochs(), resumed.epochs(), at);
            assertEquals(uninterrupted.stopReason(), resumed.stopReason(), at);
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(uninterrupted.model().weights()[k], resumed.model().weights()[k], 0.0, at);
            }
            assertArrayEquals(uninterrupted.model().bias(), resumed.model().bias(), 0.0, at);
            assertArrayEquals(uninterrupted.history().loss(), resumed.history().loss(), 0.0, at);
            if (setup.l2() > 0) {
                assertArrayEquals(uninterrupted.history().penalty(), resumed.history().penalty(), 0.0, at);
            }
            if (setup.validation()) {
                assertArrayEquals(uninterrupted.history().validation(), resumed.history().validation(), 0.0, at);
            }
        }
    }

    @Test
    void plainSgdResumesBitForBit() {
        assertResumesExactly(new Setup(() -> new Sgd(1e-5), 0, false, 0), 60);
    }

    @Test
    void momentumBufferIsRestored() {
        Setup setup = new Setup(() -> new Sgd(1e-5, 0.9, true, 0.01), 0, false, 0);
        assertResumesExactly(setup, 60);
        // Without the buffer the resumed run would differ: check that the test can tell.
        List<TrainingState> saved = new ArrayList<>();
        LinearModel initial = LinearModel.standardNormal(2, 2, true, 7);
        TrainingResult uninterrupted = trainer(setup, (epoch, state) -> saved.add(state.get())).train(initial, 60);
        TrainingState middle = saved.get(20);
        TrainingState withoutBuffer = new TrainingState(middle.epoch(), middle.model(),
                org.cropsgd.optim.OptimizerState.initial(), middle.samplesDrawn(), middle.history());
        TrainingResult forgetful = trainer(setup, CheckpointSink.NONE).train(withoutBuffer, 60);
        assertTrue(uninterrupted.model().bias()[0] != forgetful.model().bias()[0]);
    }

    @Test
    void adamMomentsAndStepCountAreRestored() {
        assertResumesExactly(new Setup(() -> new Adam(0.1, 0.9, 0.999, 1e-8, 0), 0.5, true, 0), 60);
    }

    @Test
    void earlyStoppingStopsAtTheSameEpochAfterAResume() {
        Setup setup = new Setup(() -> new Sgd(1e-5), 0, false, 1e-3);
        TrainingResult uninterrupted = trainer(setup, CheckpointSink.NONE)
                .train(LinearModel.standardNormal(2, 2, true, 7), 10_000);
        assertEquals(TrainingResult.StopReason.TOLERANCE, uninterrupted.stopReason(),
                "the setup must stop early for this test to mean anything");
        assertResumesExactly(setup, 10_000);
    }

    @Test
    void checkpointsAreOfferedAfterEveryStepButNotForTheLastEpochOrTheStart() {
        List<Integer> epochs = new ArrayList<>();
        trainer(new Setup(() -> new Sgd(1e-5), 0, false, 0), (epoch, state) -> epochs.add(state.get().epoch()))
                .train(LinearModel.zeros(2, 2), 5);
        assertEquals(List.of(1, 2, 3, 4), epochs);
    }
}
