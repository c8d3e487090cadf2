package org.cropsgd.data;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.cropsgd.config.InputFormat;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.errors.Errors;

/**
 * Turns the input into a {@link TrainingTable}: reads it, selects and checks the columns, casts them to
 * double and caches the result (MEMORY_AND_DISK). Every check happens here, before any training, so bad
 * input fails fast with a message that names the column and shows the row.
 */
public final class TrainingTableLoader {
    private final SparkSession spark;
    private final PrintWriter out;

    public TrainingTableLoader(SparkSession spark, PrintWriter out) {
        this.spark = spark;
        this.out = out;
    }

    public TrainingTable load(String input, InputFormat format, List<String> features, List<String> labels,
            InvalidRowPolicy policy) {
        TableReader reader = new TableReader(spark);
        Dataset<Row> raw = reader.read(input, format);
        if (raw.isEmpty()) {
            throw Errors.emptyTable(input);
        }
        ColumnSelection columns = ColumnSelection.resolve(raw.schema(),
                reader.rawColumnNames(input, format, raw), features, labels);
        rejectNonNumericValues(raw, columns);

        Dataset<Row> numeric = raw.select(doubleColumns(raw.schema(), columns))
                .persist(StorageLevel.MEMORY_AND_DISK());
        // One pass over the input fills the cache and counts the rows and the invalid values.
        Row counts = numeric.agg(count(lit(1)), invalidCounts(numeric.columns())).first();
        long total = counts.getLong(0);
        long invalid = counts.getLong(1);
        if (invalid == 0) {
            return new TrainingTable(numeric, numeric, columns, total, 0);
        }
        if (policy == InvalidRowPolicy.ERROR || invalid == total) {
            numeric.unpersist();
            throw policy == InvalidRowPolicy.ERROR
                    ? invalidValuesError(raw, columns, counts)
                    : Errors.allRowsInvalid(input, invalid);
        }
        out.printf("Skipped %d of %d rows with a null, NaN or infinite feature or label (--invalid skip).%n",
                invalid, total);
        // The filter runs over the cached rows each pass; it is cheaper than caching a second copy.
        Dataset<Row> valid = numeric.filter(not(anyInvalid(numeric.columns())));
        return new TrainingTable(valid, numeric, columns, total - invalid, invalid);
    }

    /** A string column may hold numbers (CSV with quoted values); anything else in it is an error. */
    private static void rejectNonNumericValues(Dataset<Row> raw, ColumnSelection columns) {
        for (String name : columns.all()) {
            if (!(raw.schema().apply(name).dataType() instanceof StringType)) {
                continue;
            }
            Column notANumber = col(quoted(name)).isNotNull()
                    .and(col(quoted(name)).try_cast(DataTypes.DoubleType).isNull());
            if (!raw.filter(notANumber).isEmpty()) {
                RowLocator.Located bad = RowLocator.first(raw, notANumber);
                throw Errors.nonNumericValue(name, bad.row().getAs(name), bad.number(), bad.rendered());
            }
        }
    }

    private static Column[] doubleColumns(StructType schema, ColumnSelection columns) {
        List<Column> selected = new ArrayList<>();
        for (int j = 0; j < columns.features().size(); j++) {
            selected.add(asDouble(schema, columns.features().get(j)).as(TrainingTable.featureColumn(j)));
        }
        for (int k = 0; k < columns.labels().size(); k++) {
            selected.add(asDouble(schema, columns.labels().get(k)).as(TrainingTable.labelColumn(k)));
        }
        return selected.toArray(Column[]::new);
    }

    private static Column asDouble(StructType schema, String name) {
        Column column = col(quoted(name));
        // try_cast: string columns were checked above, and ANSI mode (Spark 4's default) makes cast throw.
        return schema.apply(name).dataType() instanceof StringType
                ? column.try_cast(DataTypes.DoubleType)
                : column.cast(DataTypes.DoubleType);
    }

    private static Column isInvalid(Column value) {
        return value.isNull().or(isnan(value)).or(abs(value).equalTo(lit(Double.POSITIVE_INFINITY)));
    }

    private static Column anyInvalid(String[] names) {
        Column any = lit(false);
        for (String name : names) {
            any = any.or(isInvalid(col(name)));
        }
        return any;
    }

    /** Rows with any invalid value, then the count of invalid values per column. */
    private static Column[] invalidCounts(String[] names) {
        List<Column> counts = new ArrayList<>();
        counts.add(countWhere(anyInvalid(names)));
        for (String name : names) {
            counts.add(countWhere(isInvalid(col(name))));
        }
        return counts.toArray(Column[]::new);
    }

    private static Column countWhere(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    private static RuntimeException invalidValuesError(Dataset<Row> raw, ColumnSelection columns, Row counts) {
        StringJoiner perColumn = new StringJoiner(", ");
        List<String> names = columns.all();
        Column rawInvalid = lit(false);
        for (int i = 0; i < names.size(); i++) {
            long n = counts.getLong(2 + i);
            if (n > 0) {
                perColumn.add(String.format("%d in '%s'", n, names.get(i)));
            }
            rawInvalid = rawInvalid.or(isInvalid(asDouble(raw.schema(), names.get(i))));
        }
        RowLocator.Located first = RowLocator.first(raw, rawInvalid);
        return Errors.invalidValues(perColumn.toString(), first.number(), first.rendered());
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
