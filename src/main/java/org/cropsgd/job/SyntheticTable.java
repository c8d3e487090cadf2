package org.cropsgd.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.GenerateConfig;
import org.cropsgd.data.BalancedColumns;

/**
 * A table with a known answer: features {@code f0..f(d-1)}, each standard normal, and labels
 * {@code y0..y(k-1)} with {@code y_i = bias_i + Σ_j weights_ij · f_j + noise · N(0, 1)}. The true weights and
 * biases (multiples of 0.01, in [-3, 3] and [-10, 10]) and the seed of every random column are drawn on the
 * driver from the one seed, so the same settings give the same table, row for row, on any cluster (Spark's
 * {@code randn(seed)} is seeded per partition, and {@code spark.range} splits the rows the same way for the
 * same number of partitions).
 *
 * <p>With regions ({@code regionNames} not empty) a first column {@code region} names each row's region, a
 * hash of the row's number and the seed (so the same on any cluster and for any partitioning, and about
 * {@code rows / R} rows each), and each region {@code r} has its own true model {@code regionWeights[r]},
 * {@code regionBias[r]}: the global one plus N(0, regionEffect²) deviations drawn on the driver after every
 * other draw, so a table without regions is the same as before regions existed, bit for bit.
 */
public record SyntheticTable(List<String> features, List<String> labels, double[][] weights, double[] bias,
                             double noise, long seed, long[] featureSeeds, long[] noiseSeeds,
                             List<String> regionNames, double regionEffect, long regionSeed,
                             double[][][] regionWeights, double[][] regionBias) {
    /** The name of the region column, the first column of a table with regions. */
    public static final String REGION = "region";
    /** The region's number (0 to R-1), between the two projections of {@link #rows}; not written. */
    private static final String REGION_INDEX = "__region_index";

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
        int regions = config.regions();
        long regionSeed = random.nextLong();
        double[][][] regionWeights = new double[regions][config.labels()][config.features()];
        double[][] regionBias = new double[regions][config.labels()];
        for (int r = 0; r < regions; r++) {
            for (int i = 0; i < config.labels(); i++) {
                for (int j = 0; j < config.features(); j++) {
                    regionWeights[r][i][j] = weights[i][j] + config.regionEffect() * random.nextGaussian();
                }
                regionBias[r][i] = bias[i] + config.regionEffect() * random.nextGaussian();
            }
        }
        return new SyntheticTable(features, labels, weights, bias, config.noise(), config.seed(), featureSeeds,
                noiseSeeds, regionNames(regions), config.regionEffect(), regionSeed, regionWeights, regionBias);
    }

    /** region-1 .. region-R, the numbers zero-padded to the width of R (so they sort in number order). */
    private static List<String> regionNames(int regions) {
        String format = "region-%0" + String.valueOf(regions).length() + "d";
        return IntStream.rangeClosed(1, regions).mapToObj(r -> String.format(Locale.ROOT, format, r)).toList();
    }

    /**
     * The rows, in {@code partitions} partitions: the region column (with regions), the feature columns, then
     * the label columns.
     */
    public Dataset<Row> rows(SparkSession spark, long rows, int partitions) {
        boolean regional = !regionNames.isEmpty();
        List<Column> firstColumns = new ArrayList<>();
        if (regional) {
            firstColumns.add(pmod(xxhash64(col("id"), lit(regionSeed)), lit((long) regionNames.size()))
                    .cast("int").as(REGION_INDEX));
        }
        for (int j = 0; j < features.size(); j++) {
            firstColumns.add(randn(featureSeeds[j]).as(features.get(j)));
        }
        // Two projections: labels refer to the features by name, and Spark never inlines a
        // nondeterministic column into two uses, so each feature is drawn once per row.
        Dataset<Row> withFeatures = spark.range(0, rows, 1, partitions).select(firstColumns.toArray(Column[]::new));
        List<Column> all = new ArrayList<>();
        if (regional) {
            all.add(element_at(lit(regionNames.toArray(String[]::new)), col(REGION_INDEX).plus(1)).as(REGION));
        }
        features.forEach(name -> all.add(col(name)));
        for (int i = 0; i < labels.size(); i++) {
            List<Column> terms = new ArrayList<>();
            for (int j = 0; j < features.size(); j++) {
                Column weight = regional ? regionValue(regionWeights, i, j) : lit(weights[i][j]);
                terms.add(col(features.get(j)).multiply(weight));
            }
            if (noise > 0) {
                terms.add(randn(noiseSeeds[i]).multiply(noise));
            }
            Column label = BalancedColumns.sum(regional ? regionValue(regionBias, i) : lit(bias[i]), terms);
            all.add(label.as(labels.get(i)));
        }
        return withFeatures.select(all.toArray(Column[]::new));
    }

    /** The row's region's value of {@code values[r][i]}: a literal array of the R values, indexed. */
    private Column regionValue(double[][] values, int i) {
        return element_at(lit(Arrays.stream(values).mapToDouble(row -> row[i]).toArray()),
                col(REGION_INDEX).plus(1));
    }

    private Column regionValue(double[][][] values, int i, int j) {
        return element_at(lit(Arrays.stream(values).mapToDouble(region -> region[i][j]).toArray()),
                col(REGION_INDEX).plus(1));
    }

    /**
     * What {@code truth.json} says: the true model in {@code model.json}'s keys, and how it was drawn; with
     * regions also {@code regions} (R), {@code region_effect}, {@code region_column} and {@code by_region}:
     * region name to its own {@code weights} and {@code bias}, again in {@code model.json}'s keys.
     */
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
        if (!regionNames.isEmpty()) {
            truth.put("regions", regionNames.size());
            truth.put("region_effect", regionEffect);
            truth.put("region_column", REGION);
            Map<String, Object> byRegion = new LinkedHashMap<>();
            for (int r = 0; r < regionNames.size(); r++) {
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("weights", regionWeights[r]);
                model.put("bias", regionBias[r]);
                byRegion.put(regionNames.get(r), model);
            }
            truth.put("by_region", byRegion);
        }
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
