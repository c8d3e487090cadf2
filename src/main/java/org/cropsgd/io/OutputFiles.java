package org.cropsgd.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

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

    private OutputFiles() {}

    /**
     * Writes one new file {@code name} into {@code directory} (any Hadoop path) directly, not through an
     * {@link AtomicOutputDirectory}: for a Spark ML save, whose writer has already checked the path.
     */
    static void writeNew(String directory, String name, Configuration hadoopConf,
            AtomicOutputDirectory.FileContent content) {
        Path file = new Path(directory, name);
        try {
            FileSystem fs = file.getFileSystem(hadoopConf);
            try (OutputStream stream = fs.create(file, false)) {
                content.writeTo(stream);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the three files into {@code output} (not yet committed). */
    public static void write(AtomicOutputDirectory output, ModelFile model, MetricsFile metrics,
            HistoryFile history) {
        output.write(MODEL, stream -> JSON.writeValue(stream, model));
        output.write(METRICS, stream -> JSON.writeValue(stream, metrics));
        output.write(HISTORY, stream -> writeHistory(stream, history));
    }

    /**
     * {@code epoch,loss} and, when they apply, {@code l2_penalty} and {@code validation_loss}: one row per
     * epoch, row e the state after e steps.
     */
    private static void writeHistory(OutputStream stream, HistoryFile history) throws IOException {
        CsvSchema.Builder columns = CsvSchema.builder().addColumn("epoch").addColumn("loss");
        if (history.l2Penalty() != null) {
            columns.addColumn("l2_penalty");
        }
        if (history.validation() != null) {
            columns.addColumn("validation_loss");
        }
        CsvSchema schema = columns.build().withHeader();
        try (SequenceWriter rows = CSV.writer(schema).writeValues(stream)) {
            List<Object> row = new ArrayList<>(schema.size());
            for (int epoch = 0; epoch < history.size(); epoch++) {
                row.clear();
                row.add(epoch);
                row.add(history.loss()[epoch]);
                if (history.l2Penalty() != null) {
                    row.add(history.l2Penalty()[epoch]);
                }
                if (history.validation() != null) {
                    row.add(history.validation()[epoch]);
                }
                rows.write(row);
            }
        }
    }
}
