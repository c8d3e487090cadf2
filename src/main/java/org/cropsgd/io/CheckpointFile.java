package org.cropsgd.io;

import java.util.Map;

/**
 * One checkpoint as it is stored: the state of the epoch loop at the start of {@code epoch}, and the
 * identity of the run that made it (its options and its input files), so that a resume can refuse a
 * checkpoint of another run. Numbers are written with all their digits, so they read back bit for bit.
 *
 * @param format           layout version of this file
 * @param epoch            steps taken
 * @param identity         what must be equal for a run to resume from this checkpoint
 * @param weights          model weights after {@code epoch} steps, in training units
 * @param bias             model intercepts, in training units
 * @param optimizerSteps   steps the optimizer has taken
 * @param optimizerBuffers the optimizer's per-parameter state by name
 * @param samplesDrawn     mini-batch samples drawn so far
 * @param loss             training MSE of epochs 0..epoch−1
 * @param penalty          ridge penalty of the same epochs (null without --l2)
 * @param validation       validation MSE of the same epochs (null without a validation split)
 */
public record CheckpointFile(int format, int epoch, Map<String, String> identity, double[][] weights,
        double[] bias, int optimizerSteps, Map<String, double[]> optimizerBuffers, long samplesDrawn,
        double[] loss, double[] penalty, double[] validation) {

    public static final int FORMAT = 1;
}
