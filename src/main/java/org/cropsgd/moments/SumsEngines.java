package org.cropsgd.moments;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Whether a session adds up its passes over the rows in Spark SQL or in Java code on the CPU: Spark SQL
 * when the RAPIDS Accelerator is on (it runs those queries on the GPU), Java otherwise (faster on the CPU,
 * at any width). The moments go through {@link SqlSums} or {@link BlockedSums}; the residual passes (the
 * per-epoch gradient, the anchor, the final metrics) through their Spark SQL queries or
 * {@link ResidualPass}. The Spark setting {@value #ENGINE_KEY} ({@code sql} or {@code blocked}) overrides
 * the choice for all of them, for tests and to compare the two.
 */
public final class SumsEngines {
    public static final String ENGINE_KEY = "spark.cropsgd.sumsEngine";
    private static final String RAPIDS_PLUGIN = "com.nvidia.spark.SQLPlugin";

    private SumsEngines() {}

    public static SumsEngine of(SparkSession spark) {
        return inSparkSql(spark) ? new SqlSums() : new BlockedSums();
    }

    /** Whether {@code spark}'s passes over the rows add up in Spark SQL (else in Java, on the CPU). */
    public static boolean inSparkSql(SparkSession spark) {
        String chosen = spark.conf().get(ENGINE_KEY, "auto").toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "sql" -> true;
            case "blocked" -> false;
            default -> gpuActive(spark);
        };
    }

    /** Whether the session runs SQL through the RAPIDS Accelerator (its plugin loaded and enabled). */
    static boolean gpuActive(SparkSession spark) {
        return spark.conf().get("spark.plugins", "").contains(RAPIDS_PLUGIN)
                && Boolean.parseBoolean(spark.conf().get("spark.rapids.sql.enabled", "true"));
    }
}
