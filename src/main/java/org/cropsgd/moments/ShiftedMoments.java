package org.cropsgd.moments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.model.LinearModel;

/**
 * Sums of m columns about a shift s taken from the data, over the rows that count: n, Σ(v − s) and
 * Σ(v_i − s_i)(v_j − s_j) for i ≤ j (packed as {@link RowSums#packedIndex}); with sample weights w every sum
 * is weighted, Σw(v − s) and Σw(v_i − s_i)(v_j − s_j), and W = Σw takes n's place in every formula (n is
 * still the rows counted; W = n without weights). The shift is one of the rows,
 * so it lies within the data's spread: centring there keeps the second moments accurate for a column with a
 * large mean and a small spread, where raw Σ v vᵀ would lose the spread to cancellation. The exact
 * correction from the shift to the mean is {@link org.cropsgd.gradient.CentredMoments}'s.
 */
public record ShiftedMoments(long rows, double weight, double[] shift, double[] sum, double[] products)
        implements Serializable {

    /** Unweighted sums: W = n. */
    public ShiftedMoments(long rows, double[] shift, double[] sum, double[] products) {
        this(rows, rows, shift, sum, products);
    }

    public int size() {
        return shift.length;
    }

    /** No rows: the starting point of a sum. */
    public static ShiftedMoments empty(double[] shift) {
        int m = shift.length;
        return new ShiftedMoments(0, shift, new double[m], new double[RowSums.packedSize(m)]);
    }

    /**
     * These sums taken about {@code to} instead, exactly: with δ = s − t,
     * Σ(v − t) = Σ(v − s) + W·δ and Σ(v − t)(u − t) = Σ(v − s)(u − s) + δv·Σ(u − s) + δu·Σ(v − s) + W·δv·δu.
     */
    public ShiftedMoments about(double[] to) {
        int m = size();
        double[] delta = new double[m];
        double[] movedSum = new double[m];
        for (int i = 0; i < m; i++) {
            delta[i] = shift[i] - to[i];
            movedSum[i] = sum[i] + weight * delta[i];
        }
        double[] moved = new double[products.length];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                int at = RowSums.packedIndex(i, j, m);
                moved[at] = products[at] + delta[i] * sum[j] + delta[j] * sum[i] + weight * delta[i] * delta[j];
            }
        }
        return new ShiftedMoments(rows, weight, to.clone(), movedSum, moved);
    }

    /**
     * These sums with the last k columns, residuals r = W·x + b − y of {@code from} (x the first d columns),
     * changed to those of {@code to}: r' = r + ΔW·x + Δb, a linear map of the columns, v' = T·v + t, so that
     * Σ(v' − s') = T·Σ(v − s) and Σ(v' − s')(v' − s')ᵀ = T·Σ(v − s)(v − s)ᵀ·Tᵀ with s' = T·s + t, exactly.
     * Per label, {@code scale} gets the size of the new term of Σ(r' − s')², ΔW·Σ(x − s)(x − s)ᵀ·ΔWᵀ, added
     * (its rounding is about 1e-16 of that and of Σ(r − s)²).
     */
    public ShiftedMoments residualsMoved(LinearModel from, LinearModel to, int d, double[] scale) {
        int m = size();
        int k = from.labelCount();
        double[][] t = new double[m][m];
        double[] offset = new double[m];
        for (int i = 0; i < m; i++) {
            t[i][i] = 1;
        }
        for (int label = 0; label < k; label++) {
            int r = m - k + label;
            for (int j = 0; j < d; j++) {
                t[r][j] = to.weight(label, j) - from.weight(label, j);
            }
            offset[r] = to.bias(label) - from.bias(label);
        }
        double[][] p = unpacked();
        double[] movedShift = new double[m];
        double[] movedSum = new double[m];
        double[][] tp = new double[m][m];
        for (int i = 0; i < m; i++) {
            movedShift[i] = offset[i];
            for (int j = 0; j < m; j++) {
                movedShift[i] += t[i][j] * shift[j];
                movedSum[i] += t[i][j] * sum[j];
                for (int q = 0; q < m; q++) {
                    tp[i][q] += t[i][j] * p[j][q];
                }
            }
        }
        double[] moved = new double[products.length];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double value = 0;
                for (int q = 0; q < m; q++) {
                    value += tp[i][q] * t[j][q];
                }
                moved[RowSums.packedIndex(i, j, m)] = value;
            }
        }
        for (int label = 0; label < k; label++) {
            int r = m - k + label;
            double quadratic = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    quadratic += t[r][i] * p[i][j] * t[r][j];
                }
            }
            scale[label] += Math.abs(quadratic);
        }
        return new ShiftedMoments(rows, weight, movedShift, movedSum, moved);
    }

    private double[][] unpacked() {
        int m = size();
        double[][] p = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                p[i][j] = products[RowSums.packedIndex(i, j, m)];
                p[j][i] = p[i][j];
            }
        }
        return p;
    }

    /** The sums of both row sets about this one's shift ({@code other} moved to it first). */
    public ShiftedMoments plus(ShiftedMoments other) {
        ShiftedMoments moved = other.about(shift);
        double[] addedSum = sum.clone();
        double[] added = products.clone();
        for (int i = 0; i < addedSum.length; i++) {
            addedSum[i] += moved.sum[i];
        }
        for (int i = 0; i < added.length; i++) {
            added[i] += moved.products[i];
        }
        return new ShiftedMoments(rows + other.rows, weight + other.weight, shift, addedSum, added);
    }

    /** The sums of a few rows held on the driver (at least one), about the first of them. */
    public static ShiftedMoments of(List<double[]> rows) {
        double[] shift = rows.get(0).clone();
        int m = shift.length;
        double[] sum = new double[m];
        double[] products = new double[RowSums.packedSize(m)];
        double[] centred = new double[m];
        for (double[] row : rows) {
            for (int i = 0; i < m; i++) {
                centred[i] = row[i] - shift[i];
                sum[i] += centred[i];
            }
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    products[RowSums.packedIndex(i, j, m)] += centred[i] * centred[j];
                }
            }
        }
        return new ShiftedMoments(rows.size(), shift, sum, products);
    }

    /**
     * One pass over {@code frame}'s rows, all of which count, for the moments of {@code values}, each row
     * weighted by {@code weight} when there is one.
     */
    public static ShiftedMoments compute(Dataset<Row> frame, Column[] values, java.util.Optional<Column> weight,
            SumsEngine engine) {
        return engine.total(sums(frame, values, weight)).moments();
    }

    /** What {@link #compute} adds up, for plan checks. */
    public static RowSums sums(Dataset<Row> frame, Column[] values, java.util.Optional<Column> weight) {
        List<Column> perRow = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            perRow.add(values[i].as("moment_" + i));
            names.add("moment_" + i);
        }
        weight.ifPresent(w -> perRow.add(w.as(WEIGHT)));
        return new RowSums(frame.select(perRow.toArray(Column[]::new)), List.of(), List.of(), names, 0,
                weight.map(w -> WEIGHT));
    }

    private static final String WEIGHT = "moment_weight";

    /** These moments for a subset or reordering of the columns: column i of the result is {@code columns[i]}. */
    public ShiftedMoments select(int[] columns) {
        int m = size();
        int q = columns.length;
        double[] selectedShift = new double[q];
        double[] selectedSum = new double[q];
        double[] selectedProducts = new double[RowSums.packedSize(q)];
        for (int i = 0; i < q; i++) {
            selectedShift[i] = shift[columns[i]];
            selectedSum[i] = sum[columns[i]];
            for (int j = i; j < q; j++) {
                int a = Math.min(columns[i], columns[j]);
                int b = Math.max(columns[i], columns[j]);
                selectedProducts[RowSums.packedIndex(i, j, q)] = products[RowSums.packedIndex(a, b, m)];
            }
        }
        return new ShiftedMoments(rows, weight, selectedShift, selectedSum, selectedProducts);
    }

    /** Whether every sum is a number (an overflow makes one infinite). */
    public boolean finite() {
        for (double[] values : List.of(sum, products)) {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
