package org.cropsgd.job;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.cropsgd.config.InvalidPredictionPolicy;
import org.cropsgd.config.UnknownGroupPolicy;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.RegressionModel;

/**
 * The query {@code predict} writes: the kept input columns, then one prediction column per label
 * ({@link RegressionModel#predictionColumn}), as one projection over the input — plain Spark SQL
 * arithmetic on double literals (no UDF, no shuffle, no collect), so it streams like a copy of the table
 * and the RAPIDS Accelerator can run it. A row with a null, NaN, infinite or non-numeric feature is handled
 * by {@link InvalidPredictionPolicy} inside the same projection: left out by a filter, given null
 * predictions, or failing the query with {@code raise_error} (no counting pass first; the caller turns the
 * failure into the one-line error, see {@link #isInvalidRowFailure}).
 */
public final class PredictionQuery {
    /** The text of the {@code raise_error} that stops the query at an invalid row (--invalid error). */
    static final String INVALID_ROW = "cropsgd: a feature is null, NaN, infinite or not a number "
            + "(--invalid error)";

    private PredictionQuery() {}

    /**
     * {@code kept} (columns of {@code input}, in that order) and the predictions of {@code model}'s labels
     * over {@code input}'s feature columns, found by name.
     */
    public static Dataset<Row> of(RegressionModel model, Dataset<Row> input, List<String> kept,
            InvalidPredictionPolicy invalid) {
        Column[] x = ScoringInput.asDoubles(input, model.features());
        Column bad = ScoringInput.anyInvalid(x);
        List<Column> columns = new ArrayList<>();
        for (String name : kept) {
            columns.add(input.col(QuotingUtils.quoteIdentifier(name)));
        }
        for (int k = 0; k < model.labels().size(); k++) {
            Column prediction = RegressionModel.prediction(model.coefficients(), k, x);
            if (invalid == InvalidPredictionPolicy.NULL) {
                prediction = when(not(bad), prediction);
            } else if (invalid == InvalidPredictionPolicy.ERROR && k == 0) {
                // One check per row is enough: the first label's column stops the query.
                prediction = when(bad, raise_error(lit(INVALID_ROW))).otherwise(prediction);
            }
            columns.add(prediction.as(RegressionModel.predictionColumn(model.labels().get(k))));
        }
        Dataset<Row> rows = invalid == InvalidPredictionPolicy.SKIP ? input.filter(not(bad)) : input;
        return rows.select(columns.toArray(Column[]::new));
    }

    /** The text of the {@code raise_error} that stops the query at a row without a group model (--unknown-group error). */
    static final String UNKNOWN_GROUP = "cropsgd: a row's group has no model (--unknown-group error)";

    /**
     * The grouped form of {@link #of}: each row joined (broadcast, left outer) to its group's coefficients
     * ({@link GroupedModel#table}) on its key read as in training, and predicted by them; a row whose group has
     * no model fails the query ({@code --unknown-group error}, checked after an invalid feature) or gets null
     * predictions. Still one projection over the input, in its order, with no shuffle.
     */
    public static Dataset<Row> grouped(GroupedModel model, Dataset<Row> input, List<String> kept,
            InvalidPredictionPolicy invalid, UnknownGroupPolicy unknownGroup) {
        Column[] x = ScoringInput.asDoubles(input, model.features());
        Column bad = ScoringInput.anyInvalid(x);
        Dataset<Row> rows = invalid == InvalidPredictionPolicy.SKIP ? input.filter(not(bad)) : input;
        Dataset<Row> joined = model.joinedTo(rows);
        Column unknown = col(GroupedModel.KEY).isNull();
        List<Column> columns = new ArrayList<>();
        for (String name : kept) {
            columns.add(col(QuotingUtils.quoteIdentifier(name)));
        }
        for (int k = 0; k < model.labels().size(); k++) {
            Column prediction = GroupedModel.prediction(k, x);
            if (invalid == InvalidPredictionPolicy.NULL) {
                prediction = when(not(bad), prediction);
            } else if (invalid == InvalidPredictionPolicy.ERROR && k == 0) {
                prediction = when(bad, raise_error(lit(INVALID_ROW))).otherwise(prediction);
            }
            if (unknownGroup == UnknownGroupPolicy.ERROR && k == 0) {
                prediction = when(unknown, raise_error(lit(UNKNOWN_GROUP))).otherwise(prediction);
            }
            columns.add(prediction.as(RegressionModel.predictionColumn(model.labels().get(k))));
        }
        return joined.select(columns.toArray(Column[]::new));
    }

    /** Whether {@code failure} is the grouped query's stop at a row without a group model. */
    static boolean isUnknownGroupFailure(Throwable failure) {
        return raised(failure, UNKNOWN_GROUP);
    }

    /** Whether {@code failure} is the query's stop at an invalid row under {@code --invalid error}. */
    static boolean isInvalidRowFailure(Throwable failure) {
        return raised(failure, INVALID_ROW);
    }

    /** Whether {@code failure} or one of its causes is the query's {@code raise_error} of {@code text}. */
    private static boolean raised(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
