package org.cropsgd.data;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Seeded Bernoulli selection of rows by a hash of their values: row r is selected when
 * {@code xxhash64(r, seed) mod 2^20 < fraction · 2^20}. Unlike {@code Dataset.sample}, which draws per
 * partition, the selection depends only on the row and the seed, so it is the same however the table is
 * partitioned (the trained model stays independent of partitioning), and it is a plain SQL expression the
 * RAPIDS Accelerator runs on the GPU. Identical rows are selected together.
 */
public final class RowSampling {
    private static final long BUCKETS = 1L << 20;

    private RowSampling() {}

    /** True for the selected share {@code fraction} of the rows of {@code table}, for this {@code seed}. */
    public static Column selected(TrainingTable table, double fraction, long seed) {
        List<Column> values = new ArrayList<>();
        values.add(lit(seed));
        for (int j = 0; j < table.featureCount(); j++) {
            values.add(table.feature(j));
        }
        for (int k = 0; k < table.labelCount(); k++) {
            values.add(table.label(k));
        }
        Column bucket = pmod(xxhash64(values.toArray(Column[]::new)), lit(BUCKETS));
        return bucket.lt(lit((long) Math.floor(fraction * BUCKETS)));
    }
}
