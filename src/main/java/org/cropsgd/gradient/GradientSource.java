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

    /**
     * How many seeded samples this source has drawn so far; 0 for a source that reads the whole table. A
     * checkpoint saves it, so that a resumed run draws the same samples next.
     */
    default long samplesDrawn() {
        return 0;
    }

    /** Continues after {@code drawn} samples, as {@link #samplesDrawn()} reported them. */
    default void resumeAfterSamples(long drawn) {
        if (drawn != 0) {
            throw new IllegalArgumentException("this gradient source draws no samples, but " + drawn + " were saved");
        }
    }
}
