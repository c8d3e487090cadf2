package org.cropsgd.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.GenerateConfig;
import org.cropsgd.io.AtomicOutputDirectory;

/**
 * {@code cropsgd generate}: writes a {@link SyntheticTable} (Parquet, CSV or ORC) to {@code <output>/table} and its
 * true model to {@code <output>/truth.json}, all-or-nothing ({@link AtomicOutputDirectory#fill}, then
 * {@link AtomicOutputDirectory#write}), for benchmarks and for checking what training recovers.
 */
public final class GenerateJob {
    /** The table's folder inside the output: the table to read ({@code --input <output>/table}). */
    public static final String TABLE = "table";
    /** The true weights and biases, with the keys of {@code model.json}. */
    public static final String TRUTH = "truth.json";

    private static final ObjectWriter JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer();

    private final SparkSession spark;
    private final PrintWriter out;

    public GenerateJob(SparkSession spark, PrintWriter out) {
        this.spark = spark;
        this.out = out;
    }

    public void run(GenerateConfig config) {
        int partitions = config.partitions().orElse(spark.sparkContext().defaultParallelism());
        SyntheticTable table = SyntheticTable.draw(config);
        try (AtomicOutputDirectory output = AtomicOutputDirectory.prepare(config.output(), config.overwrite(),
                spark.sparkContext().hadoopConfiguration())) {
            // The table is a folder of the output, beside truth.json: Spark reads DIR/table alone.
            output.fill(directory -> TableWriter.of(table.rows(spark, config.rows(), partitions).write(),
                    config.format()).save(new Path(directory, TABLE).toString()));
            output.write(TRUTH, stream -> JSON.writeValue(stream, table.truth(config.rows(), partitions)));
            output.commit();
            String regions = config.regions() == 0 ? ""
                    : String.format(Locale.ROOT, ", %d regions in column '%s'", config.regions(), SyntheticTable.REGION);
            out.printf(Locale.ROOT, "Wrote %,d rows (features %s, labels %s%s) in %d %s files to %s/%s, the true "
                    + "model to %s/%s%n", config.rows(), String.join(",", table.features()),
                    String.join(",", table.labels()), regions, partitions, config.format().sourceName(),
                    output.target(), TABLE, output.target(), TRUTH);
        }
    }
}
