package org.cropsgd.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an optimizer carries from one step to the next (momentum buffer; Adam's moments and step count),
 * as plain numbers so a checkpoint can save it and a resumed run can hand it back bit for bit.
 *
 * @param steps   steps taken so far
 * @param buffers per-parameter vectors by name, each as flat as {@link Parameters} lays them out
 */
public record OptimizerState(int steps, Map<String, double[]> buffers) {
    public OptimizerState {
        TreeMap<String, double[]> copy = new TreeMap<>();
        buffers.forEach((name, values) -> copy.put(name, values.clone()));
        buffers = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** The state of an optimizer that has not stepped yet. */
    public static OptimizerState initial() {
        return new OptimizerState(0, Map.of());
    }

    /** A copy of one buffer, or null when the optimizer has not created it (yet). */
    double[] buffer(String name) {
        double[] values = buffers.get(name);
        return values == null ? null : values.clone();
    }
}
