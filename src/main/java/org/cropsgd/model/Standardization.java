package org.cropsgd.model;

/**
 * The affine change of variables {@code z = (x − μ) / σ} that training runs in when features are
 * standardized. Training in z-space and reporting in x-space is exact algebra, so the model a user gets is
 * in the units of the input. Without an intercept the features are only scaled (μ = 0): centring would
 * smuggle in an intercept the user asked not to have.
 */
public record Standardization(double[] mean, double[] scale) {

    public Standardization {
        mean = mean.clone();
        scale = scale.clone();
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
     * unscaled, as Spark ML and scikit-learn do, instead of dividing by zero.
     */
    public static Standardization of(double[] mean, double[] stddev, boolean center) {
        double[] m = center ? mean.clone() : new double[mean.length];
        double[] s = new double[stddev.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = stddev[j] > 0 ? stddev[j] : 1.0;
        }
        return new Standardization(m, s);
    }

    public int featureCount() {
        return scale.length;
    }

    public boolean isIdentity() {
        for (int j = 0; j < scale.length; j++) {
            if (mean[j] != 0.0 || scale[j] != 1.0) {
                return false;
            }
        }
        return true;
    }

    /** The model in original units: W/σ and b − Σ W·μ/σ. */
    public LinearModel toOriginalUnits(LinearModel standardized) {
        if (isIdentity()) {
            return standardized;
        }
        double[][] w = standardized.weights();
        double[] b = standardized.bias();
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < w[k].length; j++) {
                w[k][j] /= scale[j];
                b[k] -= w[k][j] * mean[j];
            }
        }
        return new LinearModel(w, b);
    }

    /** The inverse of {@link #toOriginalUnits}: W·σ and b + Σ W·μ (for warm starts from a saved model). */
    public LinearModel toStandardizedUnits(LinearModel original) {
        if (isIdentity()) {
            return original;
        }
        double[][] w = original.weights();
        double[] b = original.bias();
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < w[k].length; j++) {
                b[k] += w[k][j] * mean[j];
                w[k][j] *= scale[j];
            }
        }
        return new LinearModel(w, b);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }
}
