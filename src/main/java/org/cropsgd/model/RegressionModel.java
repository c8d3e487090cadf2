package org.cropsgd.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.cropsgd.data.BalancedColumns;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.apache.spark.sql.types.DataTypes;

/**
 * A trained model in the units of its input table, with the names of the columns it reads and predicts:
 * label k is {@code Σ_j W[k][j]·x_j + b[k]} over the named feature columns. The model owns prediction as a
 * Spark SQL expression — plain arithmetic on double literals, no UDF — so that Spark plans it like any other
 * column and the RAPIDS Accelerator can run it on the GPU. Training's metrics, {@code predict} and
 * {@code evaluate} all score through it.
 *
 * @param features      the feature columns, in the order of each weight row
 * @param labels        the label columns, in the order of the weight rows
 * @param coefficients  the weights and intercepts, in the units of the input's columns
 */
public record RegressionModel(List<String> features, List<String> labels, LinearModel coefficients) {
    /** What a label's prediction column is called: {@code apples} is predicted in {@code apples_predicted}. */
    public static final String PREDICTION_SUFFIX = "_predicted";

    public RegressionModel {
        features = List.copyOf(features);
        labels = List.copyOf(labels);
        if (coefficients.labelCount() != labels.size()
                || (coefficients.featureCount() != features.size() && !labels.isEmpty())) {
            throw new IllegalArgumentException(String.format("a model of %d labels × %d features for labels %s "
                    + "and features %s", coefficients.labelCount(), coefficients.featureCount(), labels, features));
        }
    }

    /** The name of the column that holds the prediction of {@code label}. */
    public static String predictionColumn(String label) {
        return label + PREDICTION_SUFFIX;
    }

    /** The prediction columns' names, in label order. */
    public List<String> predictionColumns() {
        return labels.stream().map(RegressionModel::predictionColumn).toList();
    }

    /** Label {@code k}'s prediction over the input's feature columns, found by name and read as doubles. */
    public Column prediction(int k) {
        Column[] x = new Column[features.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = col(QuotingUtils.quoteIdentifier(features.get(j))).cast(DataTypes.DoubleType);
        }
        return prediction(coefficients, k, x);
    }

    /**
     * Label {@code k}'s prediction {@code Σ_j W[k][j]·x_j + b[k]} of {@code model} over {@code features}
     * (double columns in the model's feature order): the one expression every prediction and residual is
     * built from, whatever units or column names the caller's rows have.
     */
    public static Column prediction(LinearModel model, int k, Column[] features) {
        List<Column> terms = new ArrayList<>();
        for (int j = 0; j < features.length; j++) {
            terms.add(lit(model.weight(k, j)).multiply(features[j]));
        }
        return BalancedColumns.sum(lit(model.bias(k)), terms);
    }
}
