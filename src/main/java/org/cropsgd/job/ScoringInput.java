package org.cropsgd.job;

import static org.apache.spark.sql.functions.not;

import static org.apache.spark.sql.functions.lit;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.CsvDelimiter;
import org.cropsgd.config.InputFormat;
import org.cropsgd.data.InputFiles;
import org.cropsgd.data.LoadingPass;
import org.cropsgd.data.RowLocator;
import org.cropsgd.data.TableReader;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.Errors;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.RegressionModel;

/**
 * The table a saved model scores ({@code predict}, {@code evaluate}), read as {@code train} reads its input
 * ({@link TableReader}: any Hadoop path, CSV with inferred types, Parquet, ORC) and checked against the
 * model: every feature column it reads (and, to evaluate, every label) is there, by exact name. Nothing is
 * cached or counted: the callers make one pass of their own over {@link #rows()}.
 *
 * <p>A column is read as a double the way training reads it ({@link LoadingPass#asDouble}: a text cell that
 * is not a number becomes null), so a value is scorable exactly when training could have used it.
 */
public final class ScoringInput {
    private final SparkSession spark;
    private final String path;
    private final Dataset<Row> rows;

    private ScoringInput(SparkSession spark, String path, Dataset<Row> rows) {
        this.spark = spark;
        this.path = path;
        this.rows = rows;
    }

    /**
     * Reads {@code input} (in the {@code format} given, else the one its name or its files name) and checks
     * that it has the model's features, and its labels too when {@code withLabels}: exit 3 naming what is
     * missing and listing what is there.
     */
    public static ScoringInput read(SparkSession spark, PrintWriter out, String modelDirectory,
            RegressionModel model, String input, Optional<InputFormat> format, Optional<CsvDelimiter> delimiter,
            boolean withLabels) {
        InputFormat resolved = InputFiles.format(input, format, spark.sparkContext().hadoopConfiguration());
        TableReader.Input read = new TableReader(spark, out).read(input, resolved, delimiter);
        List<String> existing = Arrays.asList(read.rows().columns());
        String hint = read.otherDelimiter().map(d -> Errors.otherDelimiterHint(d.toString())).orElse("");
        requireColumns(modelDirectory, "feature", model.features(), existing, hint);
        if (withLabels) {
            requireColumns(modelDirectory, "label", model.labels(), existing, hint);
        }
        return new ScoringInput(spark, input, read.rows());
    }

    /** A grouped model's features and labels, as an ungrouped model's for the checks of the columns. */
    static RegressionModel columnsOf(GroupedModel model) {
        return new RegressionModel(model.features(), model.labels(), model.models().values().iterator().next());
    }

    /** The --weight-col is in the input (exit 3 otherwise, as for a feature). */
    void requireWeightColumn(String modelDirectory, String weight) {
        requireColumns(modelDirectory, "weight", List.of(weight), columns(), "");
    }

    /** The error for the first row (in read order) where {@code bad}, the weight's check, holds. */
    CropSgdException firstBadWeight(String weight, Column bad) {
        RowLocator.Located first = RowLocator.first(rows, bad);
        return Errors.badWeight(weight, first.row().getAs(weight), first.number(), first.rendered(), null);
    }

    /** A grouped model's key columns are in the input (exit 3 otherwise, as for a feature). */
    void requireGroupColumns(String modelDirectory, GroupedModel model) {
        requireColumns(modelDirectory, "group key", model.groupBy(), columns(), "");
    }

    /**
     * The error for the first row (in read order) whose group has no model in {@code model}: it names the group
     * and shows the row. One more Spark job, on the error path only.
     */
    CropSgdException firstUnknownGroup(GroupedModel model) {
        Column key = GroupedModel.key(model.groupBy(), model.keyTypes());
        RowLocator.Located first = RowLocator.first(rows, not(key.isin(model.models().keySet().toArray())));
        String group = rows.sparkSession().createDataFrame(List.of(first.row()), first.row().schema())
                .select(key).head().getString(0);
        return Errors.unknownGroup(group, model.models().size(), first.number(), first.rendered());
    }

    private static void requireColumns(String model, String role, List<String> needed, List<String> existing,
            String hint) {
        List<String> missing = needed.stream().filter(name -> !existing.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw Errors.modelColumnsMissing(model, role, missing, existing, hint);
        }
    }

    /** The input's rows, with the columns and types it was read with. */
    public Dataset<Row> rows() {
        return rows;
    }

    public String path() {
        return path;
    }

    public List<String> columns() {
        return Arrays.asList(rows.columns());
    }

    /** The named columns as doubles, in the order given. */
    public Column[] asDoubles(List<String> names) {
        return asDoubles(rows, names);
    }

    /** {@code names} of {@code rows} as doubles (a text cell that is not a number is null). */
    static Column[] asDoubles(Dataset<Row> rows, List<String> names) {
        return names.stream().map(name -> LoadingPass.asDouble(rows.schema(), name)).toArray(Column[]::new);
    }

    /** True in a row where one of {@code values} is null, NaN or infinite (or was text that is not a number). */
    static Column anyInvalid(Column[] values) {
        return LoadingPass.anyInvalid(List.of(values));
    }

    /**
     * The error for the first row (in read order) with an invalid value in one of {@code columns}: it names
     * the column and shows the row. One more Spark job, on the error path only.
     *
     * @param remedies the other {@code --invalid} values, as the message suggests them
     */
    public CropSgdException firstInvalid(List<String> columns, String remedies) {
        Column[] values = asDoubles(columns);
        RowLocator.Located first = RowLocator.first(rows, anyInvalid(values));
        // Which of the row's cells is invalid, decided by Spark's own cast on that one row.
        Object[] cells = new Object[rows.schema().size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = first.row().get(i); // the located row also holds the locator's own flag, after these
        }
        Dataset<Row> row = spark.createDataFrame(List.of(RowFactory.create(cells)), rows.schema());
        List<Column> flags = new ArrayList<>();
        for (Column value : asDoubles(row, columns)) {
            flags.add(LoadingPass.isInvalid(value));
        }
        Row flagged = row.select(flags.toArray(Column[]::new)).head();
        int column = 0;
        while (column < columns.size() - 1 && !flagged.getBoolean(column)) {
            column++;
        }
        String name = columns.get(column);
        return Errors.invalidScoringValue(name, first.row().getAs(name), first.number(), first.rendered(),
                remedies);
    }
}
