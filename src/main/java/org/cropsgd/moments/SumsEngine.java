package org.cropsgd.moments;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Adds up a {@link RowSums} in one pass over its rows. Two engines: {@link SqlSums}, plain Spark SQL
 * aggregates that the RAPIDS Accelerator runs on the GPU, and {@link BlockedSums}, a partition aggregate
 * by blocked BLAS on the CPU, which does not fall off Spark's code generation limits at any width.
 */
public interface SumsEngine {
    /** The totals, from one pass over {@code sums.rows()}. */
    RowSums.Totals total(RowSums sums);

    /** The Spark SQL queries {@link #total} runs, for the GPU plan check. */
    List<Dataset<Row>> queries(RowSums sums);
}
