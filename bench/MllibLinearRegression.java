import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The peer of bench/vs-mllib: MLlib's {@code LinearRegression} as an MLlib user writes it for several
 * labels — read the Parquet table, a {@code VectorAssembler} over the features (every column that is not
 * a label, as cropsgd's default features), then one fit per label with the same problem cropsgd solves
 * (intercept, standardization, no regularization), and each model's training RMSE from its summary. No
 * explicit cache: the normal solver makes one pass per fit, l-bfgs caches its instances itself.
 *
 * <p>Usage: {@code MllibLinearRegression IN normal|l-bfgs y0,y1,... OUT.json}. Writes OUT.json with the
 * keys of cropsgd's model.json ({@code features}, {@code labels}, {@code weights} k×d, {@code bias}) plus
 * {@code solver}, {@code rmse} (per label, the summary's rootMeanSquaredError), {@code iterations} (per
 * label; 0 for normal) and {@code fit_seconds} (the fits and their summaries, without Spark's start-up).
 */
public final class MllibLinearRegression {
    private static final String FEATURES = "__features";

    public static void main(String[] args) throws IOException {
        String input = args[0];
        String solver = args[1];
        List<String> labels = Arrays.asList(args[2].split(","));
        File output = new File(args[3]);

        SparkSession spark = SparkSession.builder().appName("mllib-linear-regression-" + solver).getOrCreate();
        long start = System.nanoTime();
        Dataset<Row> table = spark.read().parquet(input);
        String[] features = Arrays.stream(table.columns()).filter(c -> !labels.contains(c)).toArray(String[]::new);
        Dataset<Row> assembled = new VectorAssembler().setInputCols(features).setOutputCol(FEATURES).transform(table);

        List<double[]> weights = new ArrayList<>();
        List<Double> bias = new ArrayList<>();
        List<Double> rmse = new ArrayList<>();
        List<Integer> iterations = new ArrayList<>();
        for (String label : labels) {
            LinearRegressionModel model = new LinearRegression()
                    .setFeaturesCol(FEATURES).setLabelCol(label)
                    .setSolver(solver)
                    .setStandardization(true).setFitIntercept(true)
                    .setRegParam(0.0).setElasticNetParam(0.0)
                    .fit(assembled);
            weights.add(model.coefficients().toArray());
            bias.add(model.intercept());
            rmse.add(model.summary().rootMeanSquaredError());
            iterations.add(model.summary().totalIterations());
        }
        double fitSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("solver", solver);
        result.put("features", features);
        result.put("labels", labels);
        result.put("weights", weights);
        result.put("bias", bias);
        result.put("rmse", rmse);
        result.put("iterations", iterations);
        result.put("fit_seconds", fitSeconds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output, result);
        System.out.printf("%s: %d labels fitted in %.1f s, rmse %s, iterations %s%n",
                solver, labels.size(), fitSeconds, rmse, iterations);
        spark.stop();
    }
}
