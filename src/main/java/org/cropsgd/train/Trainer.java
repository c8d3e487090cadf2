package org.cropsgd.train;

import org.cropsgd.gradient.GradientSource;
import org.cropsgd.gradient.LossGradient;
import org.cropsgd.model.LinearModel;
import org.cropsgd.optim.Optimizer;

/**
 * The epoch loop, and nothing else: ask the gradient source for loss and gradient, record the loss, guard
 * against divergence, let the optimizer step. One epoch is one full-batch step. Where the gradient comes
 * from and how the step is taken are the collaborators' business.
 */
public final class Trainer {
    private final GradientSource gradients;
    private final Optimizer optimizer;
    private final DivergenceGuard guard;
    private final TrainingProgress progress;

    public Trainer(GradientSource gradients, Optimizer optimizer, DivergenceGuard guard,
            TrainingProgress progress) {
        this.gradients = gradients;
        this.optimizer = optimizer;
        this.guard = guard;
        this.progress = progress;
    }

    /** Takes {@code epochs} steps from {@code initial}; throws the exit-4 error if the loss blows up. */
    public TrainingResult train(LinearModel initial, int epochs) {
        long start = System.nanoTime();
        double[] history = new double[epochs + 1];
        LinearModel model = initial;
        for (int epoch = 0; epoch < epochs; epoch++) {
            LossGradient current = gradients.evaluate(model);
            record(history, epoch, current.loss());
            model = optimizer.step(model, current);
        }
        // The loss after the last step needs one more evaluation (its gradient goes unused).
        record(history, epochs, gradients.evaluate(model).loss());
        return new TrainingResult(model, history, (System.nanoTime() - start) / 1e9);
    }

    private void record(double[] history, int epoch, double loss) {
        history[epoch] = loss;
        guard.check(epoch, loss);
        if (epoch > 0) {
            progress.epochDone(epoch, loss);
        }
    }
}
