package org.cropsgd.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.GenerateConfig;

/**
 * A table with a known answer: features {@code f0..f(d-1)}, each standard normal, and labels
 * {@code y0..y(k-1)} with {@code y_i = bias_i + Σ_j weights_ij · f_j + noise · N(0, 1)}. The true weights and
 * biases (multiples of 0.01, in [-3, 3] and [-10, 10]) and the seed of every random column are drawn on the
 * driver from the one seed, so the same settings give the same table, row for row, on any cluster (Spark's
 * {@code randn(seed)} is seeded per partition, and {@code spark.range} splits the rows the same way for the
 * same number of partitions).
 */
public record SyntheticTable(List<String> features, List<String> labels, double[][] weights, double[] bias,
                             double noise, long seed, long[] featureSeeds, long[] noiseSeeds) {

    public static SyntheticTable draw(GenerateConfig config) {
        SplittableRandom random = new SplittableRandom(config.seed());
        List<String> features = names("f", config.features());
        List<String> labels = names("y", config.labels());
        double[][] weights = new double[config.labels()][config.features()];
        double[] bias = new double[config.labels()];
        for (int i = 0; i < config.labels(); i++) {
            for (int j = 0; j < config.features(); j++) {
                weights[i][j] = hundredths(random, 3);
            }
            bias[i] = hundredths(random, 10);
        }
        // Independent 64-bit seeds: seed + j would make column j of partition p+1 repeat column j+1 of
        // partition p, since randn(s) seeds partition p with s + p.
        long[] featureSeeds = random.longs(config.features()).toArray();
        long[] noiseSeeds = random.longs(config.labels()).toArray();
        return new SyntheticTable(features, labels, weights, bias, config.noise(), config.seed(), featureSeeds,
                noiseSeeds);
    }

    /** The rows, in {@code partitions} partitions: the feature columns, then the label columns. */
    public Dataset<Row> rows(SparkSession spark, long rows, int partitions) {
        List<Column> featureColumns = new ArrayList<>();
        for (int j = 0; j < features.size(); j++) {
            featureColumns.add(randn(featureSeeds[j]).as(features.get(j)));
        }
        // Two projections: labels refer to the features by name, and Spark never inlines a
        // nondeterministic column into two uses, so each feature is drawn once per row.
        Dataset<Row> withFeatures = spark.range(0, rows, 1, partitions).select(featureColumns.toArray(Column[]::new));
        List<Column> all = new ArrayList<>();
        features.forEach(name -> all.add(col(name)));
        for (int i = 0; i < labels.size(); i++) {
            Column label = lit(bias[i]);
            for (int j = 0; j < features.size(); j++) {
                label = label.plus(col(features.get(j)).multiply(weights[i][j]));
            }
            if (noise > 0) {
                label = label.plus(randn(noiseSeeds[i]).multiply(noise));
            }
            all.add(label.as(labels.get(i)));
        }
        return withFeatures.select(all.toArray(Column[]::new));
    }

    /** What {@code truth.json} says: the true model in {@code model.json}'s keys, and how it was drawn. */
    public Map<String, Object> truth(long rows, int partitions) {
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("features", features);
        truth.put("labels", labels);
        truth.put("weights", weights);
        truth.put("bias", bias);
        truth.put("noise", noise);
        truth.put("rows", rows);
        truth.put("partitions", partitions);
        truth.put("seed", seed);
        return truth;
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return List.copyOf(names);
    }

    private static double hundredths(SplittableRandom random, int bound) {
        return random.nextInt(-100 * bound, 100 * bound + 1) / 100.0;
    }
}
