package org.cropsgd.job;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.cropsgd.config.InputFormat;

/** Spark's writer for the data files of an output in a chosen format ({@code --output-format}). */
final class TableWriter {
    private TableWriter() {}

    /** {@code writer} set to {@code format}; a CSV output has a header row, so it reads back by name. */
    static DataFrameWriter<Row> of(DataFrameWriter<Row> writer, InputFormat format) {
        DataFrameWriter<Row> formatted = writer.format(format.sourceName());
        return format == InputFormat.CSV ? formatted.option("header", "true") : formatted;
    }
}
