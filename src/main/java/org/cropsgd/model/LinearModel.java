package org.cropsgd.model;

import java.util.Arrays;
import java.util.Random;

/**
 * A multi-output linear model {@code y = W·x + b}: one row of {@code W} and one intercept per label, as in
 * {@code x @ w.t() + b}. Immutable; arrays handed in or out are copies.
 */
public final class LinearModel implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double[][] weights;
    private final double[] bias;

    public LinearModel(double[][] weights, double[] bias) {
        if (weights.length != bias.length) {
            throw new IllegalArgumentException(
                    "weights have " + weights.length + " rows but there are " + bias.length + " intercepts");
        }
        this.weights = new double[weights.length][];
        for (int k = 0; k < weights.length; k++) {
            if (weights[k].length != weights[0].length) {
                throw new IllegalArgumentException("weight rows differ in length");
            }
            this.weights[k] = weights[k].clone();
        }
        this.bias = bias.clone();
    }

    public static LinearModel zeros(int labels, int features) {
        return new LinearModel(new double[labels][features], new double[labels]);
    }

    /**
     * Standard-normal weights (as {@code torch.randn}), drawn row by row from one seeded generator; the
     * intercepts too, unless the model has none, in which case they stay zero.
     */
    public static LinearModel standardNormal(int labels, int features, boolean intercept, long seed) {
        Random random = new Random(seed);
        double[][] w = new double[labels][features];
        double[] b = new double[labels];
        for (double[] row : w) {
            for (int j = 0; j < features; j++) {
                row[j] = random.nextGaussian();
            }
        }
        if (intercept) {
            for (int k = 0; k < labels; k++) {
                b[k] = random.nextGaussian();
            }
        }
        return new LinearModel(w, b);
    }

    public int labelCount() {
        return weights.length;
    }

    public int featureCount() {
        return weights.length == 0 ? 0 : weights[0].length;
    }

    public double weight(int label, int feature) {
        return weights[label][feature];
    }

    public double bias(int label) {
        return bias[label];
    }

    public double[][] weights() {
        double[][] copy = new double[weights.length][];
        for (int k = 0; k < weights.length; k++) {
            copy[k] = weights[k].clone();
        }
        return copy;
    }

    public double[] bias() {
        return bias.clone();
    }

    @Override
    public String toString() {
        return "LinearModel{weights=" + Arrays.deepToString(weights) + ", bias=" + Arrays.toString(bias) + "}";
    }
}
