package org.cropsgd.io;

/**
 * The contents of {@code history.csv}: one row per epoch, row e the state after e steps.
 *
 * @param loss        training MSE
 * @param l2Penalty   the ridge penalty; null when the run had none (no column)
 * @param validation  validation MSE; null without a validation split (no column)
 */
public record HistoryFile(double[] loss, double[] l2Penalty, double[] validation) {
    public int size() {
        return loss.length;
    }
}
