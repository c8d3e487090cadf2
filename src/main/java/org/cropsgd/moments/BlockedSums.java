package org.cropsgd.moments;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;

/**
 * {@link RowSums} on the CPU by a partition aggregate, like MLlib's normal solver: each task reads its
 * rows of the projection (Spark's internal rows, no conversion), adds the summed columns and keeps the
 * largest of the maxed ones row by row, and gathers the counted rows' product columns, less the task's
 * first counted row (its shift, within the data's spread), in blocks of {@link #BLOCK_ROWS} rows, each
 * block added to the partition's Σ (p − s)(p − s)ᵀ by one BLAS {@code dsyrk}. The driver moves the
 * partitions' moments to one shift exactly and adds them up in partition order. Spark SQL's own aggregate
 * has one field per product, and past about 100 fields it gives up code generation and slows down by an
 * order of magnitude; this engine's cost is the same few loops at any width, and it needs no pass to find
 * a shift.
 */
public final class BlockedSums implements SumsEngine {
    /** Rows per {@code dsyrk}: enough to amortise the call, few enough that a block stays in cache. */
    static final int BLOCK_ROWS = 256;

    /** One partition's sums, with its index so that the driver adds them in partition order. */
    private record Partial(int partition, double[] summed, double[] maxed, ShiftedMoments moments)
            implements Serializable {
        RowSums.Totals totals() {
            return new RowSums.Totals(summed, maxed, moments);
        }
    }

    @Override
    public RowSums.Totals total(RowSums sums) {
        int s = sums.summed().size();
        int x = sums.maxed().size();
        int m = sums.products().size();
        JavaRDD<Partial> partials = projection(sums).queryExecution().toRdd().toJavaRDD()
                .mapPartitionsWithIndex((index, rows) -> List.of(partial(index, rows, s, x, m)).iterator(), false);
        int partitions = partials.getNumPartitions();
        // Many partitions: add them up in groups of about √P on the executors first, as MLlib's treeAggregate
        // does, so that the driver holds √P results rather than P. Within a group and across the groups the
        // order is the partitions', so the result is the same on every run with the same partitioning.
        if (partitions > DIRECT_PARTITIONS) {
            int group = (int) Math.ceil(Math.sqrt(partitions));
            partials = partials.keyBy(partial -> partial.partition() / group)
                    .groupByKey((partitions + group - 1) / group)
                    .map(grouped -> inOrder(grouped._2(), grouped._1(), s, x, m));
        }
        return inOrder(partials.collect(), 0, s, x, m).totals();
    }

    /** Above this many partitions the driver receives group sums instead of one result per partition. */
    static final int DIRECT_PARTITIONS = 64;

    /** The partials added up in partition order, as one partial numbered {@code number}. */
    private static Partial inOrder(Iterable<Partial> partials, int number, int s, int x, int m) {
        List<Partial> sorted = new ArrayList<>();
        partials.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Partial::partition));
        double[] summed = new double[s];
        double[] maxed = new double[x];
        ShiftedMoments moments = ShiftedMoments.empty(new double[m]);
        boolean any = false;
        for (Partial partial : sorted) {
            add(summed, partial.summed());
            for (int i = 0; i < x; i++) {
                maxed[i] = Math.max(maxed[i], partial.maxed()[i]);
            }
            if (partial.moments().rows() > 0) {
                moments = any ? moments.plus(partial.moments()) : partial.moments();
                any = true;
            }
        }
        return new Partial(number, summed, maxed, moments);
    }

    /** The projection the tasks read; its aggregation is Java code, not a query the plan check can see. */
    @Override
    public List<Dataset<Row>> queries(RowSums sums) {
        return List.of(projection(sums));
    }

    /** The columns in the order the tasks read them: summed, maxed, the count, then the products. */
    private static Dataset<Row> projection(RowSums sums) {
        List<Column> columns = new ArrayList<>();
        for (List<String> names : List.of(sums.summed(), sums.maxed(), List.of(sums.count()), sums.products())) {
            names.forEach(name -> columns.add(functions.col(name)));
        }
        return sums.rows().select(columns.toArray(Column[]::new));
    }

    private static Partial partial(int partition, Iterator<InternalRow> rows, int s, int x, int m) {
        double[] summed = new double[s];
        double[] maxed = new double[x];
        double[] shift = null;
        long counted = 0;
        double[] sum = new double[m];
        // Σ (p − s)(p − s)ᵀ in column-major order, upper triangle; the block holds BLOCK_ROWS rows of p − s,
        // one per column.
        double[] gram = new double[m * m];
        double[] block = new double[m * BLOCK_ROWS];
        int filled = 0;
        BLAS blas = BLAS.getInstance();
        int first = s + x + 1;
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            for (int i = 0; i < s; i++) {
                summed[i] += row.getDouble(i);
            }
            for (int i = 0; i < x; i++) {
                maxed[i] = Math.max(maxed[i], row.getDouble(s + i));
            }
            if (row.getDouble(s + x) == 0) {
                continue;
            }
            if (shift == null) {
                shift = new double[m];
                for (int i = 0; i < m; i++) {
                    shift[i] = row.getDouble(first + i);
                }
            }
            counted++;
            int at = filled * m;
            for (int i = 0; i < m; i++) {
                double centred = row.getDouble(first + i) - shift[i];
                block[at + i] = centred;
                sum[i] += centred;
            }
            if (++filled == BLOCK_ROWS) {
                addBlock(blas, block, filled, gram, m);
                filled = 0;
            }
        }
        addBlock(blas, block, filled, gram, m);
        double[] products = new double[RowSums.packedSize(m)];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                products[RowSums.packedIndex(i, j, m)] = gram[i + j * m];
            }
        }
        return new Partial(partition, summed, maxed,
                new ShiftedMoments(counted, shift == null ? new double[m] : shift, sum, products));
    }

    /** gram += Σ over the block's first {@code filled} rows of p pᵀ (upper triangle). */
    private static void addBlock(BLAS blas, double[] block, int filled, double[] gram, int m) {
        if (filled > 0 && m > 0) {
            blas.dsyrk("U", "N", m, filled, 1.0, block, m, 1.0, gram, m);
        }
    }

    private static void add(double[] total, double[] part) {
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
    }
}
