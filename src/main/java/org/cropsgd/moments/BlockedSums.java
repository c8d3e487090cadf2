package org.cropsgd.moments;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.unsafe.types.UTF8String;
import org.cropsgd.gradient.SampleAnchor;
import org.cropsgd.model.LinearModel;

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

    /**
     * Rows per {@code dsyrk} in each group of a grouped pass: a task holds a block per group it meets, so
     * thousands of groups must not each hold {@link #BLOCK_ROWS} rows.
     */
    static final int GROUP_BLOCK_ROWS = 16;

    /** Above this many partitions the driver receives group sums instead of one result per partition. */
    static final int DIRECT_PARTITIONS = 64;

    /**
     * One partition's sums, with its index so that the driver adds them in partition order; with anchored
     * labels, the anchor whose residuals end its moments (null for a partition with no row that counts).
     */
    private record Partial(int partition, long rows, double[] summed, long[] nonNull, long[] invalid,
                           double[] squares, double[] largest, ShiftedMoments moments, ResidualAnchor anchor,
                           TreeMap<String, Partial> groups)
            implements Serializable {
        RowSums.Totals totals() {
            List<RowSums.ValueProfile> profiles = new ArrayList<>();
            for (int i = 0; i < nonNull.length; i++) {
                profiles.add(new RowSums.ValueProfile(nonNull[i], invalid[i], squares[i], largest[i]));
            }
            TreeMap<String, RowSums.Totals> groupTotals = new TreeMap<>();
            groups.forEach((key, group) -> groupTotals.put(key, group.totals()));
            return new RowSums.Totals(rows, summed, profiles, moments, Optional.ofNullable(anchor), groupTotals);
        }
    }

    /**
     * Where the tasks find each column: the summed ones first, then every other column once, then the group
     * (a string) when grouped; how many of the products are anchored labels (see
     * {@link RowSums#anchoredLabels}); the weight's place among the other columns (−1: unweighted); and the
     * rows per {@code dsyrk} block.
     */
    private record Layout(int summed, int[] profiled, int[] products, int values, int anchoredLabels, int weight,
                          boolean grouped, int blockRows) implements Serializable {
        static Layout of(RowSums sums) {
            List<String> values = otherColumns(sums);
            int features = sums.products().size() - sums.anchoredLabels();
            boolean anchored = sums.anchoredLabels() > 0 && features <= SampleAnchor.MAX_FEATURES;
            boolean grouped = sums.group().isPresent();
            return new Layout(sums.summed().size(), sums.profiled().stream().mapToInt(values::indexOf).toArray(),
                    sums.products().stream().mapToInt(values::indexOf).toArray(), values.size(),
                    anchored ? sums.anchoredLabels() : 0, sums.weight().map(values::indexOf).orElse(-1), grouped,
                    grouped ? GROUP_BLOCK_ROWS : BLOCK_ROWS);
        }

        /** Moment columns: the products, then an anchor's residuals. */
        int momentColumns() {
            return products.length + anchoredLabels;
        }

        /** The products that are an anchor's features: all but the anchored labels at their end. */
        int anchorFeatures() {
            return products.length - anchoredLabels;
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
        names.addAll(otherColumns(sums));
        sums.group().ifPresent(names::add);
        return sums.rows().select(names.stream().map(functions::col).toArray(Column[]::new));
    }

    /** The profiled, product and weight columns, each once, in that order: what follows the summed ones. */
    private static List<String> otherColumns(RowSums sums) {
        return new ArrayList<>(new LinkedHashSet<>(concat(concat(sums.profiled(), sums.products()),
                sums.weight().stream().toList())));
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
        ShiftedMoments moments = ShiftedMoments.empty(new double[layout.momentColumns()]);
        ResidualAnchor anchor = null;
        double[] scale = new double[layout.anchoredLabels()];
        // Each group's partials, in partition order too, added up like the whole frame's.
        TreeMap<String, List<Partial>> byGroup = new TreeMap<>();
        for (Partial partial : sorted) {
            partial.groups().forEach((key, group) -> byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(group));
        }
        TreeMap<String, Partial> groups = new TreeMap<>();
        byGroup.forEach((key, ofGroup) -> groups.put(key, inOrder(ofGroup, number, layout)));
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
            if (partial.moments().rows() == 0) {
                continue;
            }
            ShiftedMoments partialMoments = partial.moments();
            if (partial.anchor() != null) {
                // Every partition's residuals moved to the first one's anchor, the sizes of their terms added up.
                if (anchor == null) {
                    anchor = partial.anchor();
                }
                partialMoments = partialMoments.residualsMoved(partial.anchor().model(), anchor.model(),
                        layout.anchorFeatures(), scale);
                for (int label = 0; label < scale.length; label++) {
                    scale[label] += partial.anchor().roundingScale()[label];
                }
            }
            moments = moments.rows() > 0 ? moments.plus(partialMoments) : partialMoments;
        }
        ResidualAnchor total = anchor == null ? null : new ResidualAnchor(anchor.model(), scale);
        return new Partial(number, rows, summed, nonNull, invalid, squares, largest, moments, total, groups);
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
        /** Moment columns: the products, then the anchor's k residuals. */
        private final int m;
        /** The anchored labels and their features (see {@link Layout#anchorFeatures}). */
        private final int k;
        private final int d;
        /** The weight's place among the values, −1 when every row weighs 1. */
        private final int weight;
        /** With anchored labels: the task's first counted rows (their weight last), until the anchor is fitted. */
        private List<double[]> first;
        private LinearModel anchor;
        private final double[] row;
        private long count;
        private final double[] summed;
        private final long[] nonNull;
        private final long[] invalid;
        private final double[] squares;
        private final double[] largest;
        private final double[] value;
        private final boolean[] present;
        private final int blockRows;
        /** Grouped: each group's moments, by group value (null when ungrouped). */
        private final Map<UTF8String, TaskSums> groups;
        private final Layout layout;
        private double[] shift;
        private long counted;
        /** Σw over the counted rows (their count, unweighted). */
        private double weightSum;
        private final double[] sum;
        // Σ (p − s)(p − s)ᵀ in column-major order, upper triangle; the block holds BLOCK_ROWS rows of p − s,
        // one per column.
        private final double[] gram;
        private final double[] block;
        private int filled;
        private final BLAS blas = BLAS.getInstance();

        TaskSums(Layout layout) {
            this(layout, new double[layout.values()], new boolean[layout.values()], layout.grouped());
        }

        /**
         * @param value    the row's values, read by the task's sums and shared with its groups' sums
         * @param grouped  whether the moments go to the groups' sums (the task's) or here (a group's, or ungrouped)
         */
        private TaskSums(Layout layout, double[] value, boolean[] present, boolean grouped) {
            this.layout = layout;
            groups = grouped ? new HashMap<>() : null;
            blockRows = layout.blockRows();
            s = layout.summed();
            profiled = layout.profiled();
            products = layout.products();
            p = profiled.length;
            m = layout.momentColumns();
            k = layout.anchoredLabels();
            d = layout.anchorFeatures();
            weight = layout.weight();
            first = k > 0 ? new ArrayList<>() : null;
            row = new double[m];
            summed = new double[s];
            nonNull = new long[p];
            invalid = new long[p];
            squares = new double[p];
            largest = new double[p];
            this.value = value;
            this.present = present;
            sum = new double[m];
            gram = new double[grouped ? 0 : m * m];
            block = new double[grouped ? 0 : m * blockRows];
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
            if (groups != null) {
                UTF8String key = row.getUTF8String(s + value.length);
                TaskSums group = groups.get(key);
                if (group == null) {
                    // The row's string may live in a buffer the next row reuses: the map keeps a copy.
                    group = new TaskSums(layout, value, present, false);
                    groups.put(key.clone(), group);
                }
                group.count++;
                if (group.counts()) {
                    group.addToBlock();
                }
            } else if (counts()) {
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
            for (int i = 0; i < products.length; i++) {
                if (!present[products[i]] || !Double.isFinite(value[products[i]])) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Adds a counted row. With anchored labels the first {@link SampleAnchor#rowsFor} counted rows wait for
         * the anchor fitted to them, then every row adds its residuals too (zero weights, r = −y, when the fit
         * is of no use: the residuals are then the labels, and the driver's move of them to another task's
         * anchor is exact but loses digits, which the anchor's rounding scale records).
         */
        private void addToBlock() {
            for (int i = 0; i < products.length; i++) {
                row[i] = value[products[i]];
            }
            double w = weight < 0 ? 1.0 : value[weight];
            if (k == 0) {
                addRow(row, w);
                return;
            }
            if (anchor == null) {
                double[] waiting = Arrays.copyOf(row, products.length + 1);
                waiting[products.length] = w;
                first.add(waiting);
                if (first.size() == SampleAnchor.rowsFor(d)) {
                    fitAnchor();
                }
                return;
            }
            addResiduals(row);
            addRow(row, w);
        }

        /** The anchor (unweighted: any model is a valid anchor, and the weights do not make the fit less exact). */
        private void fitAnchor() {
            List<double[]> unweighted = first.stream()
                    .map(waiting -> Arrays.copyOf(waiting, products.length)).toList();
            anchor = SampleAnchor.fit(unweighted, d).orElseGet(() -> LinearModel.zeros(k, d));
            for (double[] waiting : first) {
                System.arraycopy(waiting, 0, row, 0, products.length);
                addResiduals(row);
                addRow(row, waiting[products.length]);
            }
            first = null;
        }

        /** row[d + k + l] = W_l·x + b_l − y_l for the products x, y at the start of {@code row}. */
        private void addResiduals(double[] row) {
            for (int label = 0; label < k; label++) {
                double r = anchor.bias(label) - row[d + label];
                for (int j = 0; j < d; j++) {
                    r += anchor.weight(label, j) * row[j];
                }
                row[d + k + label] = r;
            }
        }

        /** Adds w(v − s) to the sums and √w(v − s) to the block, whose dsyrk then adds w(v − s)(v − s)ᵀ. */
        private void addRow(double[] row, double w) {
            if (shift == null) {
                shift = row.clone();
            }
            counted++;
            weightSum += w;
            double root = Math.sqrt(w);
            int at = filled * m;
            for (int i = 0; i < m; i++) {
                double centred = row[i] - shift[i];
                block[at + i] = root * centred;
                sum[i] += w * centred;
            }
            if (++filled == blockRows) {
                addBlock(blas, block, filled, gram, m);
                filled = 0;
            }
        }

        Partial finish(int partition) {
            if (first != null && !first.isEmpty()) {
                fitAnchor();
            }
            TreeMap<String, Partial> groupPartials = new TreeMap<>();
            if (groups != null) {
                groups.forEach((key, group) -> groupPartials.put(key.toString(), group.finish(partition)));
            }
            addBlock(blas, block, filled, gram, m);
            double[] packed = new double[RowSums.packedSize(m)];
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    packed[RowSums.packedIndex(i, j, m)] = groups != null ? 0 : gram[i + j * m];
                }
            }
            ShiftedMoments moments = new ShiftedMoments(counted, weightSum, shift == null ? new double[m] : shift, sum,
                    packed);
            // Its own Σ(r − s)² is the size of the terms of a task's residual sums; the driver adds its moves.
            ResidualAnchor residualAnchor = null;
            if (anchor != null) {
                double[] scale = new double[k];
                for (int label = 0; label < k; label++) {
                    int r = products.length + label;
                    scale[label] = packed[RowSums.packedIndex(r, r, m)];
                }
                residualAnchor = new ResidualAnchor(anchor, scale);
            }
            return new Partial(partition, count, summed, nonNull, invalid, squares, largest, moments, residualAnchor,
                    groupPartials);
        }
    }

    /** gram += Σ over the block's first {@code filled} rows of p pᵀ (upper triangle). */
    private static void addBlock(BLAS blas, double[] block, int filled, double[] gram, int m) {
        if (filled > 0 && m > 0) {
            blas.dsyrk("U", "N", m, filled, 1.0, block, m, 1.0, gram, m);
        }
    }
}
