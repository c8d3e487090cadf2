package org.cropsgd.io;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a training output: {@code model.json} and {@code metrics.json} through Jackson,
 * {@code history.csv} through Jackson's CSV module. Numbers are written with all their digits
 * ({@link Double#toString}), so a model read back is bit for bit the model trained.
 */
public final class OutputFiles {
    public static final String MODEL = "model.json";
    public static final String METRICS = "metrics.json";
    public static final String HISTORY = "history.csv";

    static final ObjectWriter JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer();

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema HISTORY_SCHEMA = CSV.schemaFor(HistoryRow.class).withHeader();

    private OutputFiles() {}

    /** Writes the three files into {@code output} (not yet committed). */
    public static void write(AtomicOutputDirectory output, ModelFile model, MetricsFile metrics,
            double[] history) {
        output.write(MODEL, stream -> JSON.writeValue(stream, model));
        output.write(METRICS, stream -> JSON.writeValue(stream, metrics));
        List<HistoryRow> rows = new ArrayList<>(history.length);
        for (int epoch = 0; epoch < history.length; epoch++) {
            rows.add(new HistoryRow(epoch, history[epoch]));
        }
        output.write(HISTORY, stream -> CSV.writer(HISTORY_SCHEMA).writeValue(stream, rows));
    }

    /** One line of {@code history.csv}: the loss after {@code epoch} steps. */
    @JsonPropertyOrder({"epoch", "loss"})
    public record HistoryRow(int epoch, double loss) {}
}
