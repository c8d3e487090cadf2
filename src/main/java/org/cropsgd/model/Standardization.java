package org.cropsgd.model;

/**
 * The affine change of variables {@code z = (x − μ) / σ} that training runs in when features are
 * standardized. Training in z-space and reporting in x-space is exact algebra, so the model a user gets is
 * in the units of the input. Without an intercept the features are only scaled (μ = 0): centring would
 * smuggle in an intercept the user asked not to have.
 *
 * @param constant which features are constant and centred: they are 0 in training units, so their weight
 *                 is not identifiable and does nothing; in original units it is reported as 0 (its share,
 *                 none, is the intercept's), and a saved weight for one is folded into the intercept
 */
public record Standardization(double[] mean, double[] scale, boolean[] constant) {

    public Standardization(double[] mean, double[] scale) {
        this(mean, scale, new boolean[scale.length]);
    }

    public Standardization {
        mean = mean.clone();
        scale = scale.clone();
        constant = constant.clone();
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0)) {
                throw new IllegalArgumentException("scale of feature " + j + " must be > 0, got " + scale[j]);
            }
        }
    }

    /** No change: training runs on the features as they are. */
    public static Standardization identity(int features) {
        double[] ones = new double[features];
        java.util.Arrays.fill(ones, 1.0);
        return new Standardization(new double[features], ones);
    }

    /**
     * From per-feature means and population standard deviations. A constant feature (σ = 0) is left
     * unscaled, as Spark ML and scikit-learn do, instead of dividing by zero; centred, it is 0 in training
     * units. (Not centred, without an intercept, it plays the intercept's part and keeps its weight.)
     */
    public static Standardization of(double[] mean, double[] stddev, boolean center) {
        double[] m = center ? mean.clone() : new double[mean.length];
        double[] s = new double[stddev.length];
        boolean[] constant = new boolean[stddev.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = stddev[j] > 0 ? stddev[j] : 1.0;
            constant[j] = center && !(stddev[j] > 0);
        }
        return new Standardization(m, s, constant);
    }

    public int featureCount() {
        return scale.length;
    }

    public boolean isIdentity() {
        for (int j = 0; j < scale.length; j++) {
            if (mean[j] != 0.0 || scale[j] != 1.0 || constant[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The model in original units: W/σ and b − Σ W·μ/σ; 0 for a constant feature, whose training-units
     * weight multiplies 0 and so adds nothing to b either.
     */
    public LinearModel toOriginalUnits(LinearModel standardized) {
        if (isIdentity()) {
            return standardized;
        }
        double[][] w = standardized.weights();
        double[] b = standardized.bias();
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < w[k].length; j++) {
                if (constant[j]) {
                    w[k][j] = 0;
                    continue;
                }
                w[k][j] /= scale[j];
                b[k] -= w[k][j] * mean[j];
            }
        }
        return new LinearModel(w, b);
    }

    /**
     * The inverse of {@link #toOriginalUnits}: W·σ and b + Σ W·μ (for warm starts from a saved model). A
     * constant feature's saved weight is folded into the intercept (b + W·μ) and its weight set to 0, so
     * the predictions are the saved model's and its weight is the one a fresh run would report.
     */
    public LinearModel toStandardizedUnits(LinearModel original) {
        if (isIdentity()) {
            return original;
        }
        double[][] w = original.weights();
        double[] b = original.bias();
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < w[k].length; j++) {
                b[k] += w[k][j] * mean[j];
                w[k][j] = constant[j] ? 0 : w[k][j] * scale[j];
            }
        }
        return new LinearModel(w, b);
    }

    /** Whether any feature is constant (and centred). */
    public boolean hasConstantFeatures() {
        for (boolean c : constant) {
            if (c) {
                return true;
            }
        }
        return false;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean[] constant() {
        return constant.clone();
    }
}
