package org.cropsgd.train;

/**
 * Stops training once the relative improvement {@code (previous − current) / |previous|} of the monitored
 * loss has stayed below {@code tol} for {@code patience} epochs in a row. A tol of 0 never stops.
 */
public final class EarlyStopping {
    private final double tol;
    private final int patience;
    private double previous = Double.NaN;
    private int epochsBelowTol;

    public EarlyStopping(double tol, int patience) {
        this.tol = tol;
        this.patience = patience;
    }

    /** Records the loss of the next epoch; true when training should stop here. */
    public boolean converged(double loss) {
        if (tol <= 0) {
            return false;
        }
        if (!Double.isNaN(previous)) {
            double improvement = (previous - loss) / Math.max(Math.abs(previous), Double.MIN_NORMAL);
            epochsBelowTol = improvement < tol ? epochsBelowTol + 1 : 0;
        }
        previous = loss;
        return epochsBelowTol >= patience;
    }
}
