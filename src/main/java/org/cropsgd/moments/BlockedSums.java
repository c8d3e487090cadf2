package org.cropsgd.moments;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;

/**
 * {@link RowSums} on the CPU by a partition aggregate, like MLlib's normal solver: each task reads its rows
 * of the projection (Spark's internal rows, no conversion, each value once), adds the summed columns,
 * profiles the profiled ones, and gathers the counted rows' product columns, less the task's first counted
 * row (its shift, within the data's spread), in blocks of {@link #BLOCK_ROWS} rows, each block added to the
 * partition's Σ (p − s)(p − s)ᵀ by one BLAS {@code dsyrk}. The driver moves the partitions' moments to one
 * shift exactly and adds them up in partition order. Spark SQL's own aggregate has one field per product,
 * and past about 100 fields it gives up code generation and slows down by an order of magnitude; this
 * engine's cost is the same few loops at any width, and it needs no pass to find a shift.
 */
public final class BlockedSums implements SumsEngine {
    /** Rows per {@code dsyrk}: enough to amortise the call, few enough that a block stays in cache. */
    static final int BLOCK_ROWS = 256;

    /** Above this many partitions the driver receives group sums instead of one result per partition. */
    static final int DIRECT_PARTITIONS = 64;

    /** One partition's sums, with its index so that the driver adds them in partition order. */
    private record Partial(int partition, long rows, double[] summed, long[] nonNull, long[] invalid,
                           double[] squares, double[] largest, ShiftedMoments moments) implements Serializable {
        RowSums.Totals totals() {
            List<RowSums.ValueProfile> profiles = new ArrayList<>();
            for (int i = 0; i < nonNull.length; i++) {
                profiles.add(new RowSums.ValueProfile(nonNull[i], invalid[i], squares[i], largest[i]));
            }
            return new RowSums.Totals(rows, summed, profiles, moments);
        }
    }

    /** Where the tasks find each column: the summed ones first, then every other column once. */
    private record Layout(int summed, int[] profiled, int[] products, int values) implements Serializable {
        static Layout of(RowSums sums) {
            List<String> values = new ArrayList<>(new LinkedHashSet<>(concat(sums.profiled(), sums.products())));
            return new Layout(sums.summed().size(), sums.profiled().stream().mapToInt(values::indexOf).toArray(),
                    sums.products().stream().mapToInt(values::indexOf).toArray(), values.size());
        }
    }

    @Override
    public RowSums.Totals total(RowSums sums) {
        Layout layout = Layout.of(sums);
        JavaRDD<Partial> partials = projection(sums).queryExecution().toRdd().toJavaRDD()
                .mapPartitionsWithIndex((index, rows) -> List.of(partial(index, rows, layout)).iterator(), false);
        int partitions = partials.getNumPartitions();
        // Many partitions: add them up in groups of about √P on the executors first, as MLlib's treeAggregate
        // does, so that the driver holds √P results rather than P. Within a group and across the groups the
        // order is the partitions', so the result is the same on every run with the same partitioning.
        if (partitions > DIRECT_PARTITIONS) {
            int group = (int) Math.ceil(Math.sqrt(partitions));
            partials = partials.keyBy(partial -> partial.partition() / group)
                    .groupByKey((partitions + group - 1) / group)
                    .map(grouped -> inOrder(grouped._2(), grouped._1(), layout));
        }
        return inOrder(partials.collect(), 0, layout).totals();
    }

    /** The projection the tasks read; its aggregation is Java code, not a query the plan check can see. */
    @Override
    public List<Dataset<Row>> queries(RowSums sums) {
        return List.of(projection(sums));
    }

    private static Dataset<Row> projection(RowSums sums) {
        List<String> names = new ArrayList<>(sums.summed());
        names.addAll(new LinkedHashSet<>(concat(sums.profiled(), sums.products())));
        return sums.rows().select(names.stream().map(functions::col).toArray(Column[]::new));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The partials added up in partition order, as one partial numbered {@code number}. */
    private static Partial inOrder(Iterable<Partial> partials, int number, Layout layout) {
        List<Partial> sorted = new ArrayList<>();
        partials.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Partial::partition));
        int p = layout.profiled().length;
        long rows = 0;
        double[] summed = new double[layout.summed()];
        long[] nonNull = new long[p];
        long[] invalid = new long[p];
        double[] squares = new double[p];
        double[] largest = new double[p];
        ShiftedMoments moments = ShiftedMoments.empty(new double[layout.products().length]);
        for (Partial partial : sorted) {
            rows += partial.rows();
            for (int i = 0; i < summed.length; i++) {
                summed[i] += partial.summed()[i];
            }
            for (int i = 0; i < p; i++) {
                nonNull[i] += partial.nonNull()[i];
                invalid[i] += partial.invalid()[i];
                squares[i] += partial.squares()[i];
                largest[i] = Math.max(largest[i], partial.largest()[i]);
            }
            if (partial.moments().rows() > 0) {
                moments = moments.rows() > 0 ? moments.plus(partial.moments()) : partial.moments();
            }
        }
        return new Partial(number, rows, summed, nonNull, invalid, squares, largest, moments);
    }

    private static Partial partial(int partition, Iterator<InternalRow> rows, Layout layout) {
        TaskSums sums = new TaskSums(layout);
        while (rows.hasNext()) {
            sums.add(rows.next());
        }
        return sums.finish(partition);
    }

    /**
     * One task's sums, a row at a time (the per-row work in small methods, so that the JIT can compile them
     * apart from the task's loop; measured, no faster than one long loop beyond this machine's scatter).
     */
    private static final class TaskSums {
        private final int s;
        private final int[] profiled;
        private final int[] products;
        private final int p;
        private final int m;
        private long count;
        private final double[] summed;
        private final long[] nonNull;
        private final long[] invalid;
        private final double[] squares;
        private final double[] largest;
        private final double[] value;
        private final boolean[] present;
        private double[] shift;
        private long counted;
        private final double[] sum;
        // Σ (p − s)(p − s)ᵀ in column-major order, upper triangle; the block holds BLOCK_ROWS rows of p − s,
        // one per column.
        private final double[] gram;
        private final double[] block;
        private int filled;
        private final BLAS blas = BLAS.getInstance();

        TaskSums(Layout layout) {
            s = layout.summed();
            profiled = layout.profiled();
            products = layout.products();
            p = profiled.length;
            m = products.length;
            summed = new double[s];
            nonNull = new long[p];
            invalid = new long[p];
            squares = new double[p];
            largest = new double[p];
            value = new double[layout.values()];
            present = new boolean[layout.values()];
            sum = new double[m];
            gram = new double[m * m];
            block = new double[m * BLOCK_ROWS];
        }

        void add(InternalRow row) {
            count++;
            for (int i = 0; i < s; i++) {
                summed[i] += row.getDouble(i);
            }
            for (int c = 0; c < value.length; c++) {
                present[c] = !row.isNullAt(s + c);
                value[c] = present[c] ? row.getDouble(s + c) : 0;
            }
            profile();
            if (counts()) {
                addToBlock();
            }
        }

        private void profile() {
            for (int i = 0; i < p; i++) {
                int c = profiled[i];
                if (!present[c]) {
                    invalid[i]++;
                    continue;
                }
                nonNull[i]++;
                double v = value[c];
                if (Double.isFinite(v)) {
                    squares[i] += v * v;
                    largest[i] = Math.max(largest[i], Math.abs(v));
                } else {
                    invalid[i]++;
                }
            }
        }

        private boolean counts() {
            for (int i = 0; i < m; i++) {
                if (!present[products[i]] || !Double.isFinite(value[products[i]])) {
                    return false;
                }
            }
            return true;
        }

        private void addToBlock() {
            if (shift == null) {
                shift = new double[m];
                for (int i = 0; i < m; i++) {
                    shift[i] = value[products[i]];
                }
            }
            counted++;
            int at = filled * m;
            for (int i = 0; i < m; i++) {
                double centred = value[products[i]] - shift[i];
                block[at + i] = centred;
                sum[i] += centred;
            }
            if (++filled == BLOCK_ROWS) {
                addBlock(blas, block, filled, gram, m);
                filled = 0;
            }
        }

        Partial finish(int partition) {
            addBlock(blas, block, filled, gram, m);
            double[] packed = new double[RowSums.packedSize(m)];
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    packed[RowSums.packedIndex(i, j, m)] = gram[i + j * m];
                }
            }
            ShiftedMoments moments = new ShiftedMoments(counted, shift == null ? new double[m] : shift, sum, packed);
            return new Partial(partition, count, summed, nonNull, invalid, squares, largest, moments);
        }
    }

    /** gram += Σ over the block's first {@code filled} rows of p pᵀ (upper triangle). */
    private static void addBlock(BLAS blas, double[] block, int filled, double[] gram, int m) {
        if (filled > 0 && m > 0) {
            blas.dsyrk("U", "N", m, filled, 1.0, block, m, 1.0, gram, m);
        }
    }
}
