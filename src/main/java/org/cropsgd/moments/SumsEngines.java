package org.cropsgd.moments;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Which {@link SumsEngine} a session uses: {@link SqlSums} when the RAPIDS Accelerator is on (it runs
 * those queries on the GPU), {@link BlockedSums} otherwise (faster on the CPU, at any width). The Spark
 * setting {@value #ENGINE_KEY} ({@code sql} or {@code blocked}) overrides the choice, for tests and to
 * compare the two.
 */
public final class SumsEngines {
    public static final String ENGINE_KEY = "spark.cropsgd.sumsEngine";
    private static final String RAPIDS_PLUGIN = "com.nvidia.spark.SQLPlugin";

    private SumsEngines() {}

    public static SumsEngine of(SparkSession spark) {
        String chosen = spark.conf().get(ENGINE_KEY, "auto").toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "sql" -> new SqlSums();
            case "blocked" -> new BlockedSums();
            default -> gpuActive(spark) ? new SqlSums() : new BlockedSums();
        };
    }

    /** Whether the session runs SQL through the RAPIDS Accelerator (its plugin loaded and enabled). */
    static boolean gpuActive(SparkSession spark) {
        return spark.conf().get("spark.plugins", "").contains(RAPIDS_PLUGIN)
                && Boolean.parseBoolean(spark.conf().get("spark.rapids.sql.enabled", "true"));
    }
}
