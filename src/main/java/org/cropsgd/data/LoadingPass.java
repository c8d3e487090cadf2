package org.cropsgd.data;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
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

/**
 * The one pass over the input that every run makes before training: it casts the candidate columns to
 * double, fills the cache (MEMORY_AND_DISK) and, in the same Spark job, counts the rows and profiles every
 * column ({@link ColumnProfile}). The cache holds one double column per candidate, {@code v0, v1, ...} in
 * the order of {@link ColumnCandidates#all}, and for a text column a flag {@code t<i>} for its non-numeric
 * cells (a flag that is nearly always false compresses to almost nothing).
 */
public final class LoadingPass {

    /**
     * The pass's result.
     *
     * @param cached         the cached, cast columns
     * @param rows           rows read
     * @param rowsWithInvalid rows with an invalid cell in a column that is used whatever the pass finds (every
     *                       candidate but the conditional ones)
     * @param profiles       column name to profile
     */
    record Result(Dataset<Row> cached, long rows, long rowsWithInvalid, Map<String, ColumnProfile> profiles) {}

    private LoadingPass() {}

    static Result run(Dataset<Row> raw, ColumnCandidates candidates) {
        List<String> names = candidates.all();
        List<Column> staged = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            staged.add(asDouble(raw.schema(), name).as(value(i)));
            if (candidates.text().contains(name)) {
                staged.add(nonNumeric(raw.schema(), name).as(flag(i)));
            }
        }
        Dataset<Row> cached = raw.select(staged.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());

        List<Column> aggregates = new ArrayList<>();
        aggregates.add(count(lit(1)));
        Column anyInvalid = lit(false);
        for (int i = 0; i < names.size(); i++) {
            if (!candidates.conditional(names.get(i))) {
                anyInvalid = anyInvalid.or(isInvalid(col(value(i))));
            }
        }
        aggregates.add(countWhere(anyInvalid));
        for (int i = 0; i < names.size(); i++) {
            Column v = col(value(i));
            Column finite = not(isInvalid(v));
            aggregates.add(count(v));
            aggregates.add(candidates.text().contains(names.get(i)) ? countWhere(col(flag(i))) : lit(0L));
            aggregates.add(countWhere(isInvalid(v)));
            aggregates.add(coalesce(sum(when(finite, v.multiply(v))), lit(0.0)));
            aggregates.add(coalesce(max(when(finite, abs(v))), lit(0.0)));
        }
        Row result = cached.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();
        Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int at = 2 + 5 * i;
            profiles.put(names.get(i), new ColumnProfile(result.getLong(at), result.getLong(at + 1),
                    result.getLong(at + 2), result.getDouble(at + 3), result.getDouble(at + 4)));
        }
        return new Result(cached, result.getLong(0), result.getLong(1), profiles);
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

    /** Rows where {@code condition} holds (0 on an empty table, where a sum would be null). */
    private static Column countWhere(Column condition) {
        return count(when(condition, lit(true)));
    }

    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
