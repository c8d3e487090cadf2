import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The baseline of bench/vs-mllib: Spark's own one-scan aggregate of a Parquet table, the row count and the
 * sum of every column in ONE {@code agg} — the cheapest job that still reads every value of the table once,
 * so no training can be faster than it. A Spark application of its own, submitted the way submit/cropsgd
 * submits cropsgd (same master, same memory).
 *
 * <p>Usage: {@code OneScan IN}. Prints the count and the first sums on stdout (so the job cannot be
 * optimised away and a run can be checked by eye).
 */
public final class OneScan {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("one-scan").getOrCreate();
        var table = spark.read().parquet(args[0]);
        List<Column> sums = new ArrayList<>();
        for (String column : table.columns()) {
            sums.add(functions.sum(functions.col(column)).as("sum_" + column));
        }
        Row result = table.agg(functions.count(functions.lit(1)).as("rows"), sums.toArray(Column[]::new)).first();
        StringBuilder line = new StringBuilder("rows ").append(result.getLong(0));
        for (int i = 1; i < Math.min(result.size(), 6); i++) {
            line.append(", ").append(result.schema().fields()[i].name()).append(' ').append(result.get(i));
        }
        if (result.size() > 6) {
            line.append(", ... (").append(result.size() - 1).append(" sums)");
        }
        System.out.println(line);
        spark.stop();
    }
}
