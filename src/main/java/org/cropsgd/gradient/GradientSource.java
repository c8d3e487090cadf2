package org.cropsgd.gradient;

import org.cropsgd.model.LinearModel;

/**
 * Gives the training loss and its gradient for any model, in the units training runs in (standardized
 * features when standardization is on). The epoch loop, optimizers and reports depend only on this, so
 * they never know how the gradient was computed.
 */
public interface GradientSource {

    /** Loss and gradient at {@code model}. */
    LossGradient evaluate(LinearModel model);

    /** How many passes over the training rows this source has made so far. */
    long dataPasses();
}
