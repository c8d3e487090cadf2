package org.cropsgd.train;

import java.util.Optional;
import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;
import org.cropsgd.optim.Optimizer;

/**
 * The epoch loop, and nothing else. Each epoch: ask the gradient source for loss and gradient at the
 * current model, record the losses, check for divergence and convergence, let the optimizer step, and
 * every so often hand the state to the checkpoints. Where the gradient comes from, how the step is taken
 * and where checkpoints go are the collaborators' business.
 */
public final class Trainer {
    private final GradientSource steps;
    private final GradientSource fullLoss;
    private final Optional<GradientSource> validation;
    private final Optimizer optimizer;
    private final RidgePenalty ridge;
    private final DivergenceGuard guard;
    private final EarlyStopping stopping;
    private final EpochListener progress;
    private final CheckpointSink checkpoints;

    /**
     * @param steps       gradients for the steps (the whole table, or a mini-batch per epoch)
     * @param fullLoss    the loss on the whole training table, for the row after the last step
     * @param validation  the loss on held-out rows, when there are any
     * @param progress    hears of every epoch done, and of an early stop
     * @param checkpoints takes the state at the start of some epochs ({@link CheckpointSink#NONE}: none)
     */
    public Trainer(GradientSource steps, GradientSource fullLoss, Optional<GradientSource> validation,
            Optimizer optimizer, RidgePenalty ridge, DivergenceGuard guard, EarlyStopping stopping,
            EpochListener progress, CheckpointSink checkpoints) {
        this.steps = steps;
        this.fullLoss = fullLoss;
        this.validation = validation;
        this.optimizer = optimizer;
        this.ridge = ridge;
        this.guard = guard;
        this.stopping = stopping;
        this.progress = progress;
        this.checkpoints = checkpoints;
    }

    /** Takes up to {@code maxEpochs} steps from {@code initial}; throws the exit-4 error on divergence. */
    public TrainingResult train(LinearModel initial, int maxEpochs) {
        return train(TrainingState.start(initial, ridge.isActive(), validation.isPresent()), maxEpochs);
    }

    /**
     * Goes on from {@code start} (a fresh start or a checkpoint) up to {@code maxEpochs} steps in all. A
     * resumed run takes bit for bit the steps the uninterrupted run would have taken.
     */
    public TrainingResult train(TrainingState start, int maxEpochs) {
        Run run = start(start, maxEpochs);
        while (!run.done()) {
            LinearModel model = run.model();
            // After the last step only the loss is needed, and on the whole table even with mini-batches.
            LossGradient current = (run.lastEvaluation() ? fullLoss : steps).evaluate(model);
            run.accept(current, validation.map(source -> source.evaluate(model).loss()).orElse(Double.NaN));
        }
        return run.result();
    }

    /**
     * The loop from {@code start}, driven by its caller: {@link #train} feeds it this trainer's sources; a
     * grouped per-epoch fit feeds every group's run from one pass over all groups' rows.
     */
    public Run start(TrainingState start, int maxEpochs) {
        replay(start.history());
        optimizer.restore(start.optimizer());
        steps.resumeAfterSamples(start.samplesDrawn());
        return new Run(start, maxEpochs);
    }

    /**
     * One run of the epoch loop, one evaluation at a time: {@link #model()} is where the loss (and, before
     * the last step, the gradient) is wanted next, {@link #accept} takes it and steps.
     */
    public final class Run {
        private final long begin = System.nanoTime();
        private final int maxEpochs;
        private final TrainingHistory history;
        private LinearModel model;
        private int epoch;
        private TrainingResult result;

        private Run(TrainingState start, int maxEpochs) {
            this.maxEpochs = maxEpochs;
            this.history = new TrainingHistory(start.history(), ridge.isActive(), validation.isPresent());
            this.model = start.model();
            this.epoch = start.epoch();
        }

        /** The model to evaluate next (training units). */
        public LinearModel model() {
            return model;
        }

        /** Whether the next evaluation is the one after the last step: the loss on the whole table only. */
        public boolean lastEvaluation() {
            return epoch >= maxEpochs;
        }

        public boolean done() {
            return result != null;
        }

        /**
         * The training loss and gradient at {@link #model()} and the validation loss (NaN without validation
         * rows): records them, checks for divergence (throws the exit-4 error) and convergence, and steps.
         */
        public void accept(LossGradient current, double validationLoss) {
            double penalty = ridge.value(model);
            history.add(current.loss(), penalty, validationLoss);
            guard.check(epoch, current.loss() + penalty);
            if (epoch > 0) {
                progress.epochDone(epoch, current.loss(), validationLoss);
            }
            if (epoch >= maxEpochs) {
                finish(TrainingResult.StopReason.MAX_EPOCHS);
                return;
            }
            if (stopping.converged(validation.isPresent() ? validationLoss : current.loss() + penalty)) {
                progress.stoppedEarly(epoch);
                finish(TrainingResult.StopReason.TOLERANCE);
                return;
            }
            model = optimizer.step(model, ridge.addTo(current, model));
            epoch++;
            if (epoch < maxEpochs) {
                int now = epoch;
                LinearModel reached = model;
                checkpoints.epochStarting(epoch, () -> new TrainingState(now, reached, optimizer.state(),
                        steps.samplesDrawn(), history.build()));
            }
        }

        /** What the loop produced; once {@link #done()}. */
        public TrainingResult result() {
            if (result == null) {
                throw new IllegalStateException("the run has not ended");
            }
            return result;
        }

        private void finish(TrainingResult.StopReason reason) {
            result = new TrainingResult(model, history.build(), epoch, reason, (System.nanoTime() - begin) / 1e9);
        }
    }

    /**
     * Shows the guard and early stopping the losses of the epochs before {@code start}, in order, so that
     * they are in the state the uninterrupted run had reached (neither stopped there, or there would be no
     * checkpoint).
     */
    private void replay(TrainingHistory.Series earlier) {
        for (int epoch = 0; epoch < earlier.size(); epoch++) {
            guard.check(epoch, earlier.trainingObjective(epoch));
            stopping.converged(earlier.monitored(epoch));
        }
    }
}
