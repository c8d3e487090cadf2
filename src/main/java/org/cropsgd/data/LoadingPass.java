package org.cropsgd.data;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.cropsgd.moments.RowSums;
import org.cropsgd.moments.ShiftedMoments;
import org.cropsgd.moments.SumsEngines;

/**
 * The one pass over the input that every run makes before training: it casts the candidate columns to
 * double, fills the cache (MEMORY_AND_DISK) and, in the same Spark job, counts the rows, profiles every
 * column ({@link ColumnProfile}) and adds up the moments of the columns that are used whatever the profiles
 * say (every candidate but the conditional ones) over the rows where all of them are valid: the training
 * rows, unless a conditional column is taken or rows are held out, so that training needs no pass of its own
 * before its first step. The cache holds one double column per candidate, {@code v0, v1, ...} in the order
 * of {@link ColumnCandidates#all}, and for a text column a flag {@code t<i>} for its non-numeric cells (a
 * flag that is nearly always false compresses to almost nothing).
 */
public final class LoadingPass {

    /**
     * The pass's result.
     *
     * @param cached          the cached, cast columns
     * @param rows            rows read
     * @param rowsWithInvalid rows with an invalid cell in a column that is used whatever the pass finds (every
     *                        candidate but the conditional ones)
     * @param profiles        column name to profile
     * @param momentColumns   the columns of {@code moments}: the candidates that are not conditional, in order
     * @param moments         their moments over the rows without an invalid cell in any of them
     */
    record Result(Dataset<Row> cached, long rows, long rowsWithInvalid, Map<String, ColumnProfile> profiles,
                  List<String> momentColumns, ShiftedMoments moments) {}

    private static final String ROWS = "rows";
    private static final String ROWS_WITH_INVALID = "rows_with_invalid";
    private static final String COUNTED = "counted";

    private LoadingPass() {}

    static Result run(Dataset<Row> raw, ColumnCandidates candidates) {
        List<String> names = candidates.all();
        Dataset<Row> cached = cast(raw, candidates).persist(StorageLevel.MEMORY_AND_DISK());
        RowSums.Totals totals = SumsEngines.of(raw.sparkSession()).total(sums(cached, candidates));

        double[] summed = totals.summed();
        Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int at = 2 + 4 * i;
            profiles.put(names.get(i), new ColumnProfile(Math.round(summed[at]), Math.round(summed[at + 1]),
                    Math.round(summed[at + 2]), summed[at + 3], totals.maxed()[i]));
        }
        return new Result(cached, Math.round(summed[0]), Math.round(summed[1]), profiles, momentColumns(candidates),
                totals.moments());
    }

    /** The sums of the pass over {@code raw}'s rows, for plan checks: those of {@link #run}, without a cache. */
    static RowSums planned(Dataset<Row> raw, ColumnCandidates candidates) {
        return sums(cast(raw, candidates), candidates);
    }

    /** The candidates that are used whatever the pass finds, whose moments it adds up. */
    private static List<String> momentColumns(ColumnCandidates candidates) {
        return candidates.all().stream().filter(name -> !candidates.conditional(name)).toList();
    }

    private static Column[] momentValues(ColumnCandidates candidates) {
        List<String> names = candidates.all();
        return momentColumns(candidates).stream().map(name -> col(value(names.indexOf(name))))
                .toArray(Column[]::new);
    }

    /**
     * The sums of the pass over {@code cast} (the cast candidates): the rows, the rows with an invalid cell,
     * per candidate its numbers, non-numeric cells, invalid cells, Σx² and largest |x| over the finite
     * cells; and the moments of the columns that are not conditional over the rows where all of them are valid.
     */
    private static RowSums sums(Dataset<Row> cast, ColumnCandidates candidates) {
        List<String> names = candidates.all();
        Column[] momentValues = momentValues(candidates);
        List<Column> perRow = new ArrayList<>();
        List<String> summed = new ArrayList<>();
        List<String> maxed = new ArrayList<>();
        perRow.add(PartitionSums.partitionId());
        perRow.add(lit(1.0).as(ROWS));
        summed.add(ROWS);
        Column anyInvalid = lit(false);
        for (int i = 0; i < names.size(); i++) {
            if (!candidates.conditional(names.get(i))) {
                anyInvalid = anyInvalid.or(isInvalid(col(value(i))));
            }
        }
        perRow.add(indicator(anyInvalid).as(ROWS_WITH_INVALID));
        summed.add(ROWS_WITH_INVALID);
        for (int i = 0; i < names.size(); i++) {
            Column v = col(value(i));
            Column finite = not(isInvalid(v));
            boolean text = candidates.text().contains(names.get(i));
            perRow.add(indicator(v.isNotNull()).as("numbers" + i));
            perRow.add((text ? indicator(col(flag(i))) : lit(0.0)).as("non_numeric" + i));
            perRow.add(indicator(isInvalid(v)).as("invalid" + i));
            perRow.add(when(finite, v.multiply(v)).otherwise(lit(0.0)).as("squares" + i));
            perRow.add(when(finite, abs(v)).otherwise(lit(0.0)).as("largest" + i));
            summed.addAll(List.of("numbers" + i, "non_numeric" + i, "invalid" + i, "squares" + i));
            maxed.add("largest" + i);
        }
        perRow.add(indicator(not(anyInvalid)).as(COUNTED));
        List<String> products = new ArrayList<>();
        for (int i = 0; i < momentValues.length; i++) {
            perRow.add(momentValues[i].as("moment" + i));
            products.add("moment" + i);
        }
        return new RowSums(cast.select(perRow.toArray(Column[]::new)), summed, maxed, products, COUNTED);
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
        return raw.select(staged.toArray(Column[]::new));
    }

    private static Column indicator(Column condition) {
        return when(condition, lit(1.0)).otherwise(lit(0.0));
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

    /** Null, NaN or infinite: a cell training cannot use. */
    public static Column isInvalid(Column value) {
        return value.isNull().or(isnan(value)).or(abs(value).equalTo(lit(Double.POSITIVE_INFINITY)));
    }

    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
