import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.InitMode;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.config.OptimizerSettings;
import org.cropsgd.train.FitListener;
import org.cropsgd.train.Fitter;

/**
 * One epoch of the per-epoch strategy against one aggregate scan of the same cached rows, in one JVM:
 * the scan is {@code cached.agg(sum(c) for every column)} over the table's columns as doubles, cached as
 * training caches them; the epochs are those of {@code Fitter.fit} with {@code --strategy per-epoch}. Prints
 * the median seconds of each and their ratio. Arguments: PARQUET_DIR LABELS(comma-separated) EPOCHS SCANS.
 */
public final class EpochVsScan {
    public static void main(String[] args) {
        String input = args[0];
        List<String> labels = List.of(args[1].split(","));
        int epochs = Integer.parseInt(args[2]);
        int scans = Integer.parseInt(args[3]);
        SparkSession spark = SparkSession.builder().appName("epoch vs scan").getOrCreate();
        Dataset<Row> table = spark.read().parquet(input);

        List<Column> asDouble = new ArrayList<>();
        List<Column> sums = new ArrayList<>();
        for (String name : table.columns()) {
            asDouble.add(functions.col(name).cast("double").as(name));
            sums.add(functions.sum(functions.col(name)));
        }
        Dataset<Row> cached = table.select(asDouble.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        cached.count();
        List<Double> scanSeconds = new ArrayList<>();
        for (int i = 0; i < scans; i++) {
            long start = System.nanoTime();
            cached.agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).collectAsList();
            scanSeconds.add((System.nanoTime() - start) / 1e9);
        }
        cached.unpersist(true);

        List<Double> epochSeconds = new ArrayList<>();
        long[] last = {0};
        FitListener listener = new FitListener() {
            @Override
            public void epochDone(int epoch, double loss, double validationLoss) {
                long now = System.nanoTime();
                if (last[0] != 0) {
                    epochSeconds.add((now - last[0]) / 1e9);
                }
                last[0] = now;
            }
        };
        FitSettings settings = new FitSettings(List.of(), labels, epochs,
                OptimizerSettings.sgd(OptionalDouble.empty()), InitMode.NORMAL, 42L, true, true,
                InvalidRowPolicy.ERROR, GradientStrategy.PER_EPOCH, 0.0, 0.0, 5, 0.0, 1.0, Optional.empty());
        Fitter.fit(table, settings, listener);

        double scan = median(scanSeconds);
        double epoch = median(epochSeconds);
        System.out.printf("scan of the cached rows (median of %d)   %8.3f s%n", scans, scan);
        System.out.printf("per-epoch epoch (median of %d)           %8.3f s%n", epochSeconds.size(), epoch);
        System.out.printf("ratio epoch / scan                      %8.2f x%n", epoch / scan);
        spark.stop();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
