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
import org.apache.spark.sql.functions;

/**
 * The peer of bench/grouped-vs-mllib: one model per region as an MLlib user writes it — list the regions
 * ({@code select distinct}), then for each region filter the table and fit one {@code LinearRegression} per
 * label (normal solver, standardization and intercept on, no regularization), reading its training RMSE from
 * the summary. Only a sample of the regions is fitted (evenly spaced in sorted order); the script
 * extrapolates the loop over all of them from the time per region.
 *
 * <p>Usage: {@code MllibPerRegion IN y0,y1,... SAMPLE OUT.json}. OUT.json: {@code regions} (the number of
 * distinct regions), {@code list_seconds} (the distinct query), {@code fit_seconds} (per fitted region, its
 * fits and summaries), {@code models} (per fitted region: {@code features}, {@code weights} k×d,
 * {@code bias}, {@code rmse}).
 */
public final class MllibPerRegion {
    private static final String FEATURES = "__features";
    private static final String REGION = "region";

    public static void main(String[] args) throws IOException {
        String input = args[0];
        List<String> labels = Arrays.asList(args[1].split(","));
        int sample = Integer.parseInt(args[2]);
        File output = new File(args[3]);

        SparkSession spark = SparkSession.builder().appName("mllib-per-region").getOrCreate();
        Dataset<Row> table = spark.read().parquet(input);
        String[] features = Arrays.stream(table.columns())
                .filter(c -> !labels.contains(c) && !c.equals(REGION)).toArray(String[]::new);
        Dataset<Row> assembled = new VectorAssembler().setInputCols(features).setOutputCol(FEATURES).transform(table);

        long start = System.nanoTime();
        List<String> regions = table.select(REGION).distinct().orderBy(REGION).as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList();
        double listSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> models = new LinkedHashMap<>();
        List<Double> fitSeconds = new ArrayList<>();
        int count = Math.min(sample, regions.size());
        for (int i = 0; i < count; i++) {
            String region = regions.get((int) ((long) i * regions.size() / count));
            long regionStart = System.nanoTime();
            Dataset<Row> rows = assembled.filter(functions.col(REGION).equalTo(region));
            List<double[]> weights = new ArrayList<>();
            List<Double> bias = new ArrayList<>();
            List<Double> rmse = new ArrayList<>();
            for (String label : labels) {
                LinearRegressionModel model = new LinearRegression()
                        .setFeaturesCol(FEATURES).setLabelCol(label).setSolver("normal")
                        .setStandardization(true).setFitIntercept(true).setRegParam(0.0).setElasticNetParam(0.0)
                        .fit(rows);
                weights.add(model.coefficients().toArray());
                bias.add(model.intercept());
                rmse.add(model.summary().rootMeanSquaredError());
            }
            fitSeconds.add((System.nanoTime() - regionStart) / 1e9);
            Map<String, Object> fit = new LinkedHashMap<>();
            fit.put("features", features);
            fit.put("weights", weights);
            fit.put("bias", bias);
            fit.put("rmse", rmse);
            models.put(region, fit);
            System.out.printf("%s: fitted in %.1f s%n", region, fitSeconds.get(fitSeconds.size() - 1));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("regions", regions.size());
        result.put("list_seconds", listSeconds);
        result.put("fit_seconds", fitSeconds);
        result.put("models", models);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output, result);
        spark.stop();
    }
}
