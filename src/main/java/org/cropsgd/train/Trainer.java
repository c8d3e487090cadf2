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
        long begin = System.nanoTime();
        TrainingHistory history = new TrainingHistory(start.history(), ridge.isActive(), validation.isPresent());
        replay(start.history());
        optimizer.restore(start.optimizer());
        steps.resumeAfterSamples(start.samplesDrawn());
        LinearModel model = start.model();
        int epoch = start.epoch();
        TrainingResult.StopReason reason = TrainingResult.StopReason.MAX_EPOCHS;
        while (true) {
            if (epoch > start.epoch() && epoch < maxEpochs) {
                int now = epoch;
                LinearModel current = model;
                checkpoints.epochStarting(epoch, () -> new TrainingState(now, current, optimizer.state(),
                        steps.samplesDrawn(), history.build()));
            }
            // After the last step only the loss is needed, and on the whole table even with mini-batches.
            LossGradient current = (epoch < maxEpochs ? steps : fullLoss).evaluate(model);
            double penalty = ridge.value(model);
            LinearModel at = model;
            double validationLoss = validation.map(source -> source.evaluate(at).loss()).orElse(Double.NaN);
            history.add(current.loss(), penalty, validationLoss);
            guard.check(epoch, current.loss() + penalty);
            if (epoch > 0) {
                progress.epochDone(epoch, current.loss(), validationLoss);
            }
            if (epoch >= maxEpochs) {
                break;
            }
            if (stopping.converged(validation.isPresent() ? validationLoss : current.loss() + penalty)) {
                reason = TrainingResult.StopReason.TOLERANCE;
                progress.stoppedEarly(epoch);
                break;
            }
            model = optimizer.step(model, ridge.addTo(current, model));
            epoch++;
        }
        return new TrainingResult(model, history.build(), epoch, reason, (System.nanoTime() - begin) / 1e9);
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
