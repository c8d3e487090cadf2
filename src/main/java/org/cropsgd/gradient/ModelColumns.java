package org.cropsgd.gradient;

import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.RegressionModel;
import org.cropsgd.model.Standardization;

/**
 * The training features and residuals as Spark SQL expressions over the positional columns of a
 * {@link TrainingTable}; the prediction itself is the model's ({@link RegressionModel#prediction}).
 */
public final class ModelColumns {
    private ModelColumns() {}

    /** The features as training sees them: {@code (x − μ) / σ}, or x itself without standardization. */
    public static Column[] trainingFeatures(TrainingTable table, Standardization standardization) {
        double[] mean = standardization.mean();
        double[] scale = standardization.scale();
        Column[] z = new Column[table.featureCount()];
        for (int j = 0; j < z.length; j++) {
            Column x = table.feature(j);
            if (mean[j] != 0.0) {
                x = x.minus(lit(mean[j]));
            }
            z[j] = scale[j] != 1.0 ? x.divide(lit(scale[j])) : x;
        }
        return z;
    }

    /** {@code Σ_j W[k][j]·z_j + b[k] − y}: the residual of label k. */
    public static Column residual(LinearModel model, int k, Column[] features, Column label) {
        return RegressionModel.prediction(model, k, features).minus(label);
    }
}
