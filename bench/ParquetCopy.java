import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The baseline of bench/predict-vs-copy: Spark's own copy of a Parquet table,
 * {@code spark.read.parquet(in).select(columns).write.parquet(out)}, as a Spark application of its own
 * (submitted the way submit/cropsgd submits cropsgd: same master, same settings).
 *
 * <p>Usage: {@code ParquetCopy IN OUT [col,col,...]} (all columns when none are given).
 */
public final class ParquetCopy {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("parquet-copy").getOrCreate();
        var table = spark.read().parquet(args[0]);
        Column[] columns = Arrays.stream(args.length > 2 ? args[2].split(",") : table.columns())
                .map(functions::col).toArray(Column[]::new);
        table.select(columns).write().parquet(args[1]);
        spark.stop();
    }
}
