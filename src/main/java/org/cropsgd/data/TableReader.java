package org.cropsgd.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.InputFormat;
import org.cropsgd.errors.Errors;

/** Reads the input table with Spark's own data sources, from any Hadoop path. */
public final class TableReader {
    private final SparkSession spark;

    public TableReader(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * The table at {@code path}. CSV files need a header row; their column types are inferred (one extra
     * pass over the file), so a column with a non-numeric value reads as a string column.
     */
    public Dataset<Row> read(String path, InputFormat format) {
        requireExists(path);
        try {
            return reader(format).format(format.sourceName()).load(path);
        } catch (Exception e) {
            // Scala throws AnalysisException (a checked exception to Java) without declaring it.
            if (e instanceof AnalysisException) {
                throw Errors.inputUnreadable(path, format.sourceName(), e.getMessage());
            }
            throw e;
        }
    }

    /**
     * The column names exactly as the file spells them. Spark's CSV source renames duplicate header names
     * (two "temp" columns become "temp0" and "temp2"), so duplicates are only visible in the raw header.
     */
    public String[] rawColumnNames(String path, InputFormat format, Dataset<Row> table) {
        if (format != InputFormat.CSV) {
            return table.columns();
        }
        Row header = spark.read().option("header", "false").csv(path).first();
        String[] names = new String[header.length()];
        for (int i = 0; i < names.length; i++) {
            names[i] = header.getString(i);
        }
        return names;
    }

    private DataFrameReader reader(InputFormat format) {
        DataFrameReader reader = spark.read();
        if (format == InputFormat.CSV) {
            reader = reader.option("header", "true").option("inferSchema", "true");
        }
        return reader;
    }

    private void requireExists(String input) {
        Path path = new Path(input);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw Errors.inputMissing(input);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look up the input path " + input, e);
        }
    }
}
