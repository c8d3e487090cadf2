package org.cropsgd.moments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.cropsgd.model.LinearModel;

/**
 * The residuals r = W·x + b − y of a linear model over the rows of a frame, added up by Java code in each
 * task on the CPU: the engine of the passes that need the rows after the moments (the per-epoch gradient,
 * the anchor of a near-exact fit, the final metrics) when the session does not run Spark SQL on the GPU
 * ({@link SumsEngines#inSparkSql}). The Spark SQL form of the same sums puts the model's numbers into the
 * plan as literals, so each model is a new query to plan and compile (a large part of an epoch on a small
 * table) and, past about 100 sums, an aggregate Spark no longer compiles (an order of magnitude slower at
 * 64 features × 6 labels). Here the frame is planned once, the model travels with the tasks, and the cost
 * is the same few loops at any width. Each task returns one partial; the driver adds them up in partition
 * order, so a result is the same on every run with the same partitioning.
 *
 * <p>The pass reads the rows of a frame through one projection: the d features and the k labels (double
 * columns), the row's weight w (a double; {@code lit(1.0)} unweighted: every sum below is then weighted,
 * Σ w·r, Σ w·r², ...), then a boolean that is false for a row to leave out (its other values are not read;
 * {@code lit(true)} when every row counts).
 */
public final class ResidualPass {
    private final JavaRDD<InternalRow> rows;
    private final int features;
    private final int labels;
    private final double[] mean;
    private final double[] scale;

    /**
     * The sums of one pass; the gradient sums only when asked for.
     *
     * @param rows                  rows added up
     * @param weight                their total weight Σw (the rows, unweighted)
     * @param leftOut               rows left out (their valid column false)
     * @param residualTimesFeature  Σ r·x_j, k × d (empty rows when not asked for)
     * @param residual              Σ r per label
     * @param squared               Σ r² per label
     * @param absolute              Σ |r| per label
     * @param shiftedLabel          Σ (y − c) per label, c the shift given
     * @param shiftedLabelSquared   Σ (y − c)² per label
     * @param sample                the sampled rows (when asked for), each as y0, prediction0, y1, prediction1, …,
     *                              in partition order
     */
    public record Totals(long rows, double weight, long leftOut, double[][] residualTimesFeature, double[] residual,
                         double[] squared, double[] absolute, double[] shiftedLabel,
                         double[] shiftedLabelSquared, double[] sample) {}

    /**
     * What the tasks need: the model, the features' standardization, the labels' shift and the layout (all
     * serializable, nothing else).
     */
    private record Task(double[][] weights, double[] bias, double[] mean, double[] scale, double[] shift,
                        int features, int labels, boolean gradient, double sampleFraction, long seed)
            implements Serializable {
        /** Per label: d gradient sums (when asked for), then Σ r, Σ r², Σ |r|, Σ (y − c), Σ (y − c)². */
        int stride() {
            return (gradient ? features : 0) + 5;
        }
    }

    private record Partial(int partition, long rows, double weight, long leftOut, double[] sums, double[] sample)
            implements Serializable {}

    /** The pass over {@code rows}' {@code features} as they are; plans the projection once, here. */
    public ResidualPass(Dataset<Row> rows, Column[] features, Column[] labels, Column weight, Column valid) {
        this(rows, features, labels, weight, valid, new double[features.length], ones(features.length));
    }

    /**
     * The pass over {@code rows}' {@code features} standardized, z = (x − mean) / scale, in the tasks: the
     * same arithmetic as the Spark SQL form, without a SQL expression per feature in the projection (measured with
     * those expressions, the anchor pass of 1M rows × 64 features took 5.5 s; with this, 1.8 s).
     */
    public ResidualPass(Dataset<Row> rows, Column[] features, Column[] labels, Column weight, Column valid,
            double[] mean, double[] scale) {
        List<Column> columns = new ArrayList<>(List.of(features));
        columns.addAll(List.of(labels));
        columns.add(weight);
        columns.add(valid);
        this.rows = rows.select(columns.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD();
        this.features = features.length;
        this.labels = labels.length;
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    /**
     * One pass at {@code model}.
     *
     * @param shift     one value per label for the shifted label sums (zeros when they are not wanted)
     * @param gradient  whether to add up Σ r·x_j too (k·d more products per row)
     */
    public Totals total(LinearModel model, double[] shift, boolean gradient) {
        return total(model, shift, gradient, 0, 0);
    }

    /**
     * One pass at {@code model} that also keeps each row scored with probability {@code sampleFraction}
     * (seeded per partition by {@code seed}: the same rows on every run with the same partitioning), its labels
     * and predictions.
     */
    public Totals total(LinearModel model, double[] shift, boolean gradient, double sampleFraction, long seed) {
        double[][] weights = new double[labels][];
        for (int label = 0; label < labels; label++) {
            weights[label] = model.weights()[label].clone();
        }
        Task task = new Task(weights, model.bias().clone(), mean, scale, shift.clone(), features, labels, gradient,
                sampleFraction, seed);
        List<Partial> partials = new ArrayList<>(rows
                .mapPartitionsWithIndex((index, partition) -> List.of(partial(index, partition, task)).iterator(),
                        false)
                .collect());
        partials.sort(Comparator.comparingInt(Partial::partition));
        long count = 0;
        double weight = 0;
        long leftOut = 0;
        double[] sums = new double[labels * task.stride()];
        for (Partial partial : partials) {
            count += partial.rows();
            weight += partial.weight();
            leftOut += partial.leftOut();
            for (int i = 0; i < sums.length; i++) {
                sums[i] += partial.sums()[i];
            }
        }
        double[] sample = partials.stream().flatMapToDouble(partial -> Arrays.stream(partial.sample())).toArray();
        return totals(count, weight, leftOut, sums, task, sample);
    }

    private static Totals totals(long count, double weight, long leftOut, double[] sums, Task task, double[] sample) {
        int k = task.labels();
        int d = task.gradient() ? task.features() : 0;
        double[][] rx = new double[k][];
        double[] r = new double[k];
        double[] rr = new double[k];
        double[] abs = new double[k];
        double[] c = new double[k];
        double[] cc = new double[k];
        for (int label = 0; label < k; label++) {
            int at = label * task.stride();
            rx[label] = Arrays.copyOfRange(sums, at, at + d);
            r[label] = sums[at + d];
            rr[label] = sums[at + d + 1];
            abs[label] = sums[at + d + 2];
            c[label] = sums[at + d + 3];
            cc[label] = sums[at + d + 4];
        }
        return new Totals(count, weight, leftOut, rx, r, rr, abs, c, cc, sample);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    /** sums[at + j] += factor·x[j] for every j. */
    private static void addMultiple(double[] sums, int at, double factor, double[] x) {
        for (int j = 0; j < x.length; j++) {
            sums[at + j] += factor * x[j];
        }
    }

    private static Partial partial(int partition, Iterator<InternalRow> rows, Task task) {
        Accumulator sums = new Accumulator(task, partition);
        while (rows.hasNext()) {
            sums.add(rows.next());
        }
        return new Partial(partition, sums.count, sums.weight, sums.leftOut, sums.sums,
                sums.sample.stream().flatMapToDouble(Arrays::stream).toArray());
    }

    /**
     * One task's sums, a row at a time (the per-row work in a method of its own, so that the JIT can compile
     * it apart from the task's loop).
     */
    private static final class Accumulator {
        private final Task task;
        private final int d;
        private final int k;
        private final int stride;
        private final int g;
        private final double[] x;
        private final double[] r;
        final double[] sums;
        long count;
        double weight;
        long leftOut;

        private final SplittableRandom random;
        final List<double[]> sample = new ArrayList<>();

        Accumulator(Task task, int partition) {
            this.task = task;
            this.random = new SplittableRandom(task.seed() * 1_000_003L + partition);
            this.d = task.features();
            this.k = task.labels();
            this.stride = task.stride();
            this.g = task.gradient() ? d : 0;
            this.x = new double[d];
            this.r = new double[k];
            this.sums = new double[k * stride];
        }

        void add(InternalRow row) {
            if (!row.getBoolean(d + k + 1)) {
                leftOut++;
                return;
            }
            count++;
            double w = row.getDouble(d + k);
            weight += w;
            double[] mean = task.mean();
            double[] scale = task.scale();
            for (int j = 0; j < d; j++) {
                x[j] = (row.getDouble(j) - mean[j]) / scale[j];
            }
            for (int label = 0; label < k; label++) {
                r[label] = task.bias()[label] + dot(task.weights()[label], x) - row.getDouble(d + label);
            }
            for (int label = 0; label < k && g > 0; label++) {
                addMultiple(sums, label * stride, w * r[label], x);
            }
            if (task.sampleFraction() > 0 && random.nextDouble() < task.sampleFraction()) {
                double[] kept = new double[2 * k];
                for (int label = 0; label < k; label++) {
                    kept[2 * label] = row.getDouble(d + label);
                    kept[2 * label + 1] = row.getDouble(d + label) + r[label];
                }
                sample.add(kept);
            }
            for (int label = 0; label < k; label++) {
                int at = label * stride + g;
                double c = row.getDouble(d + label) - task.shift()[label];
                double wr = w * r[label];
                double wc = w * c;
                sums[at] += wr;
                sums[at + 1] += wr * r[label];
                sums[at + 2] += Math.abs(wr);
                sums[at + 3] += wc;
                sums[at + 4] += wc * c;
            }
        }
    }
}
