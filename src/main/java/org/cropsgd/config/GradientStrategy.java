package org.cropsgd.config;

import java.util.Locale;

/** How the gradient is computed each epoch (see the README, "Strategies"). */
public enum GradientStrategy {
    /** Sufficient statistics when they are exact and cheap, the per-epoch pass otherwise. */
    AUTO,
    /** One Spark SQL pass over the table per epoch. */
    PER_EPOCH,
    /** One moments pass and one anchor pass, then every epoch on the driver. */
    SUFFICIENT_STATS;

    /**
     * The most features for which {@code auto} picks sufficient statistics, MLlib's limit for its normal
     * solver too. The moments come with the loading pass at any width (see {@code moments.BlockedSums}), and
     * the per-epoch pass, d·k + 2k sums per epoch, is slower at every width measured (README, "Speed"); the
     * limit is the driver's: the d×d moments and their eigen-decompositions, O(d²) memory and O(d³) time.
     */
    public static final int MAX_SUFFICIENT_STATS_FEATURES = 4096;

    /** The strategy a run uses, given how many features and whether steps use mini-batches. */
    public GradientStrategy resolve(int features, boolean miniBatches) {
        if (this != AUTO) {
            return this;
        }
        return features <= MAX_SUFFICIENT_STATS_FEATURES && !miniBatches ? SUFFICIENT_STATS : PER_EPOCH;
    }

    /** The name on the command line and in metrics.json. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
