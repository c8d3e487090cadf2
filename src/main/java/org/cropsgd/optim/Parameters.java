package org.cropsgd.optim;

import org.cropsgd.model.LinearModel;

/**
 * A model and its gradient as flat vectors (the weights row by row, then the intercepts), the way
 * torch.optim sees parameters, so that update rules with per-parameter state are written once.
 */
final class Parameters {
    private Parameters() {}

    static double[] flatten(double[][] weights, double[] bias) {
        int k = weights.length;
        int d = k == 0 ? 0 : weights[0].length;
        double[] flat = new double[k * d + k];
        for (int label = 0; label < k; label++) {
            System.arraycopy(weights[label], 0, flat, label * d, d);
        }
        System.arraycopy(bias, 0, flat, k * d, k);
        return flat;
    }

    static LinearModel toModel(double[] flat, int labels, int features) {
        double[][] w = new double[labels][features];
        double[] b = new double[labels];
        for (int label = 0; label < labels; label++) {
            System.arraycopy(flat, label * features, w[label], 0, features);
        }
        System.arraycopy(flat, labels * features, b, 0, labels);
        return new LinearModel(w, b);
    }
}
