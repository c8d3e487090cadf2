package org.cropsgd.data;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.config.CsvDelimiter;

/**
 * The rows training starts from, with what the loader's messages need to know about them.
 *
 * @param name            what messages call the input: the {@code --input} path, or "DataFrame"
 * @param rows            the rows, with the types their source declares (Spark inferred them for CSV)
 * @param rawNames        the column names exactly as the source spells them (see {@link TableReader.Input})
 * @param otherDelimiter  for CSV, a delimiter other than the one used that the header line holds: the likely
 *                        cause of a column that is not found
 */
public record InputTable(String name, Dataset<Row> rows, String[] rawNames, Optional<CsvDelimiter> otherDelimiter) {

    /** The name messages give a DataFrame that no path was read into. */
    public static final String DATAFRAME = "DataFrame";

    /** A DataFrame as it is (its column names are its own). */
    public static InputTable of(Dataset<Row> rows) {
        return new InputTable(DATAFRAME, rows, rows.columns(), Optional.empty());
    }

    /** A table {@link TableReader} read from {@code path}. */
    public static InputTable read(String path, TableReader.Input input) {
        return new InputTable(path, input.rows(), input.rawNames(), input.otherDelimiter());
    }
}
