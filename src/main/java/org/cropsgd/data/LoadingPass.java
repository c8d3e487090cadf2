package org.cropsgd.data;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.moments.ResidualAnchor;
import org.cropsgd.moments.RowSums;
import org.cropsgd.moments.ShiftedMoments;
import org.cropsgd.moments.SumsEngines;

/**
 * The one pass over the input that every run makes before training: it casts the candidate columns to
 * double and, in the same Spark job, counts the rows, profiles every column ({@link ColumnProfile}) and adds
 * up the moments of the columns that are used whatever the profiles say (every candidate but the
 * conditional ones) over the rows where all of them are valid: the training rows, unless a conditional
 * column is taken or rows are held out, so that training needs no pass of its own before its first step.
 * When the run reads its rows often it also fills the cache (MEMORY_AND_DISK), which later passes read;
 * otherwise they read the input again. The cast rows hold one double column per candidate,
 * {@code v0, v1, ...} in the order of {@link ColumnCandidates#all}, and for a text column a flag
 * {@code t<i>} for its non-numeric cells (a flag that is nearly always false compresses to almost nothing).
 * The CPU engine also adds up the residuals of a least-squares fit to each task's first rows when they
 * suggest a near-exact fit ({@link RowSums#anchoredLabels}), so that training needs no anchor pass.
 */
public final class LoadingPass {

    /**
     * The pass's result.
     *
     * @param castRows        the cast columns, cached when the run reads them often (otherwise read from the
     *                        input again by each later pass)
     * @param rows            rows read
     * @param rowsWithInvalid rows with an invalid cell in a column that is used whatever the pass finds (every
     *                        candidate but the conditional ones)
     * @param profiles        column name to profile
     * @param momentColumns   the columns of {@code moments}: the candidates that are not conditional, in order
     * @param moments         their moments over the rows without an invalid cell in any of them, then, with
     *                        an anchor, those of its residuals (one column per label)
     * @param anchor          the model (on the moment columns that are features) whose residuals follow
     * @param negativeWeights rows whose weight is below 0 (0 without a weight column)
     * @param nullKeys        grouped: rows with a null in a key column
     * @param groups          grouped: each group's totals (its counted rows, moments and anchor) instead of
     *                        {@code moments}, by the group's value of {@link TrainingTable#GROUP_COLUMN}
     */
    record Result(Dataset<Row> castRows, long rows, long rowsWithInvalid, Map<String, ColumnProfile> profiles,
                  List<String> momentColumns, ShiftedMoments moments, Optional<ResidualAnchor> anchor,
                  long negativeWeights, long nullKeys, SortedMap<String, RowSums.Totals> groups) {}

    private static final String NON_NUMERIC = "non_numeric";
    private static final String NEGATIVE_WEIGHT = "negative_weight";
    private static final String NULL_KEY = "null_key";
    private static final String KEY_IS_NULL = "gn";

    private LoadingPass() {}

    /** The pass; with {@code cache} it fills the cache that later passes read (see {@link Result#castRows}). */
    static Result run(Dataset<Row> raw, ColumnCandidates candidates, boolean cache) {
        List<String> names = candidates.all();
        Dataset<Row> cast = cast(raw, candidates);
        Dataset<Row> castRows = cache ? cast.persist(StorageLevel.MEMORY_AND_DISK()) : cast;
        RowSums.Totals totals = SumsEngines.of(raw.sparkSession()).total(sums(castRows, candidates));
        Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
        int flag = 0;
        for (int i = 0; i < names.size(); i++) {
            RowSums.ValueProfile profile = totals.profiles().get(i);
            long nonNumeric = candidates.text().contains(names.get(i)) ? Math.round(totals.summed()[flag++]) : 0;
            profiles.put(names.get(i), new ColumnProfile(profile.nonNull(), nonNumeric,
                    profile.invalid(), profile.sumOfSquares(), profile.largest()));
        }
        long negativeWeights = candidates.weight().isPresent() ? Math.round(totals.summed()[flag++]) : 0;
        long nullKeys = candidates.groupBy().isEmpty() ? 0 : Math.round(totals.summed()[flag]);
        // Grouped, the rows left out of the moments are those left out of every group's.
        long counted = candidates.groupBy().isEmpty() ? totals.moments().rows()
                : totals.groups().values().stream().mapToLong(group -> group.moments().rows()).sum();
        return new Result(castRows, totals.rows(), totals.rows() - counted, profiles, momentColumns(candidates),
                totals.moments(), totals.anchor(), negativeWeights, nullKeys, totals.groups());
    }

    /** The sums of the pass over {@code raw}'s rows, for plan checks: those of {@link #run}, without a cache. */
    static RowSums planned(Dataset<Row> raw, ColumnCandidates candidates) {
        return sums(cast(raw, candidates), candidates);
    }

    /** The candidates that are used whatever the pass finds, whose moments it adds up (weighted, with a weight). */
    private static List<String> momentColumns(ColumnCandidates candidates) {
        return candidates.trainable().stream().filter(name -> !candidates.conditional(name)).toList();
    }

    /**
     * What the pass adds up over {@code cast} (the cast candidates): per text candidate its non-numeric cells
     * (summed flags, in candidate order; a column that is not text has none, and no column for them, so that
     * a wide numeric table's rows stay as wide as the table), per candidate its profile; and the moments of
     * the candidates that are not conditional, over the rows where all of them are valid.
     */
    private static RowSums sums(Dataset<Row> cast, ColumnCandidates candidates) {
        List<String> names = candidates.all();
        List<Column> perRow = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (candidates.text().contains(names.get(i))) {
                perRow.add(when(col(flag(i)), lit(1.0)).otherwise(lit(0.0)).as(NON_NUMERIC + i));
                flags.add(NON_NUMERIC + i);
            }
            perRow.add(col(value(i)));
            values.add(value(i));
        }
        // The weight's negative values, counted after the text flags.
        Optional<String> weight = candidates.weight().map(name -> value(names.indexOf(name)));
        weight.ifPresent(w -> {
            perRow.add(when(col(w).lt(lit(0.0)), lit(1.0)).otherwise(lit(0.0)).as(NEGATIVE_WEIGHT));
            flags.add(NEGATIVE_WEIGHT);
        });
        // Grouped: the rows with a null key, counted after those, and every row's group.
        Optional<String> group = Optional.empty();
        if (!candidates.groupBy().isEmpty()) {
            perRow.add(when(col(KEY_IS_NULL), lit(1.0)).otherwise(lit(0.0)).as(NULL_KEY));
            flags.add(NULL_KEY);
            perRow.add(col(TrainingTable.GROUP_COLUMN));
            group = Optional.of(TrainingTable.GROUP_COLUMN);
        }
        // The moment columns are the features, then the labels: the anchored labels are the last ones.
        List<String> products = momentColumns(candidates).stream().map(name -> value(names.indexOf(name))).toList();
        return new RowSums(cast.select(perRow.toArray(Column[]::new)), flags, values, products,
                candidates.labels().size(), weight, group);
    }

    /** The candidate columns as doubles, with the flags of the text columns: the rows the cache holds. */
    private static Dataset<Row> cast(Dataset<Row> raw, ColumnCandidates candidates) {
        List<String> names = candidates.all();
        List<Column> staged = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            staged.add(asDouble(raw.schema(), name).as(value(i)));
            if (candidates.text().contains(name)) {
                staged.add(nonNumeric(raw.schema(), name).as(flag(i)));
            }
        }
        if (!candidates.groupBy().isEmpty()) {
            staged.add(GroupedModel.key(candidates.groupBy(), Map.of()).as(TrainingTable.GROUP_COLUMN));
            staged.add(BalancedColumns.any(candidates.groupBy().stream().map(key -> col(quoted(key)).isNull())
                    .toList()).as(KEY_IS_NULL));
        }
        return raw.select(staged.toArray(Column[]::new));
    }

    /** The name of candidate {@code i}'s double column in the cache. */
    static String value(int i) {
        return "v" + i;
    }

    private static String flag(int i) {
        return "t" + i;
    }

    /** A column of the input as a double; a text cell that is not a number becomes null. */
    public static Column asDouble(StructType schema, String name) {
        Column column = col(quoted(name));
        // try_cast: ANSI mode (Spark 4's default) makes cast throw on a text cell that is not a number.
        return schema.apply(name).dataType() instanceof StringType
                ? column.try_cast(DataTypes.DoubleType)
                : column.cast(DataTypes.DoubleType);
    }

    /** A text cell that is there but is not a number. */
    static Column nonNumeric(StructType schema, String name) {
        return col(quoted(name)).isNotNull().and(asDouble(schema, name).isNull());
    }

    /** True in a row where one of {@code values} is null, NaN or infinite (false for no values). */
    public static Column anyInvalid(List<Column> values) {
        return BalancedColumns.any(values.stream().map(LoadingPass::isInvalid).toList());
    }

    /** Null, NaN or infinite: a cell training cannot use. */
    public static Column isInvalid(Column value) {
        return value.isNull().or(isnan(value)).or(abs(value).equalTo(lit(Double.POSITIVE_INFINITY)));
    }

    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
