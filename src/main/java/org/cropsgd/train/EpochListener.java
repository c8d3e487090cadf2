package org.cropsgd.train;

/** Hears from the epoch loop after every step, and when it stops early. */
public interface EpochListener {
    /** Hears nothing. */
    EpochListener NONE = new EpochListener() {
        @Override
        public void epochDone(int epoch, double loss, double validationLoss) {}

        @Override
        public void stoppedEarly(int epoch) {}
    };

    /**
     * {@code epoch} steps are done and the training loss is now {@code loss} (and the validation loss
     * {@code validationLoss}, NaN without a validation split). Called for every epoch: a listener that prints
     * decides how often.
     */
    void epochDone(int epoch, double loss, double validationLoss);

    /** Training stopped after {@code epoch} steps, converged by --tol and --patience. */
    void stoppedEarly(int epoch);
}
