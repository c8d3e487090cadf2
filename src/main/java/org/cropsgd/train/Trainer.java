package org.cropsgd.train;

import java.util.Optional;
import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;
import org.cropsgd.optim.Optimizer;

/**
 * The epoch loop, and nothing else. Each epoch: ask the gradient source for loss and gradient at the
 * current model, record the losses, check for divergence and convergence, let the optimizer step. Where
 * the gradient comes from and how the step is taken are the collaborators' business.
 */
public final class Trainer {
    private final GradientSource steps;
    private final GradientSource fullLoss;
    private final Optional<GradientSource> validation;
    private final Optimizer optimizer;
    private final RidgePenalty ridge;
    private final DivergenceGuard guard;
    private final EarlyStopping stopping;
    private final TrainingProgress progress;

    /**
     * @param steps      gradients for the steps (the whole table, or a mini-batch per epoch)
     * @param fullLoss   the loss on the whole training table, for the row after the last step
     * @param validation the loss on held-out rows, when there are any
     */
    public Trainer(GradientSource steps, GradientSource fullLoss, Optional<GradientSource> validation,
            Optimizer optimizer, RidgePenalty ridge, DivergenceGuard guard, EarlyStopping stopping,
            TrainingProgress progress) {
        this.steps = steps;
        this.fullLoss = fullLoss;
        this.validation = validation;
        this.optimizer = optimizer;
        this.ridge = ridge;
        this.guard = guard;
        this.stopping = stopping;
        this.progress = progress;
    }

    /** Takes up to {@code maxEpochs} steps from {@code initial}; throws the exit-4 error on divergence. */
    public TrainingResult train(LinearModel initial, int maxEpochs) {
        long start = System.nanoTime();
        TrainingHistory history = new TrainingHistory(ridge.isActive(), validation.isPresent());
        LinearModel model = initial;
        int epoch = 0;
        TrainingResult.StopReason reason = TrainingResult.StopReason.MAX_EPOCHS;
        while (true) {
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
            if (epoch == maxEpochs) {
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
        return new TrainingResult(model, history.build(), epoch, reason, (System.nanoTime() - start) / 1e9);
    }
}
