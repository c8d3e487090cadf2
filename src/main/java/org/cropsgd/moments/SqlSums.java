package org.cropsgd.moments;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.LoadingPass;
import org.apache.spark.sql.internal.SQLConf;
import org.cropsgd.data.PartitionSums;

/**
 * {@link RowSums} as plain Spark SQL aggregates grouped by partition id, added up on the driver in
 * partition order: the engine of GPU runs, since the RAPIDS Accelerator runs every operator of it. The
 * profiles and the moments are reduced to sums, maxima and products of per-row columns ({@link FlatSums});
 * the moments are taken about the first counted row, read by a small query before the pass. Spark compiles
 * an aggregate into fast code only while its rows have at most {@code spark.sql.codegen.maxFields} fields
 * (100 by default); past that it is an order of magnitude slower. So a narrow table's sums are one row per
 * partition ({@link SingleAggregate}); a wider one's are cut into tiles that each fit under the limit and
 * stacked, one row per partition and tile ({@link TiledAggregate}). Either way it is one query and one
 * pass over the rows. Grouped, the query groups by the group column too, and each group's moments are
 * taken about the same shift (exact, if less centred than the CPU engine's first row of each group).
 */
public final class SqlSums implements SumsEngine {
    private static final String ROWS = "__rows";
    private static final String COUNTED = "__counted";
    private static final String COUNTS = "__counts";
    private static final String WEIGHT = "__weight";

    @Override
    public RowSums.Totals total(RowSums sums) {
        double[] shift = firstCounted(sums);
        FlatSums flat = flat(sums, shift);
        Shape shape = shape(flat);
        List<Row> perPartition = new ArrayList<>(shape.query().collectAsList());
        perPartition.sort(Comparator.comparingInt((Row row) -> row.getInt(0)));
        FlatSums.Totals totals = FlatSums.Totals.empty(flat);
        // Grouped, each group's rows (its partitions', in partition order) also go to the group's totals,
        // which end with the group's value; the whole frame's totals are every group's.
        TreeMap<String, FlatSums.Totals> groups = new TreeMap<>();
        for (Row row : perPartition) {
            shape.addTo(totals, row);
            if (sums.group().isPresent()) {
                shape.addTo(groups.computeIfAbsent(row.getString(row.size() - 1), g -> FlatSums.Totals.empty(flat)),
                        row);
            }
        }
        RowSums.Totals whole = totals(sums, shift, totals);
        if (groups.isEmpty()) {
            return whole;
        }
        TreeMap<String, RowSums.Totals> byGroup = new TreeMap<>();
        groups.forEach((group, ofGroup) -> {
            RowSums.Totals t = totals(sums, shift, ofGroup);
            byGroup.put(group, new RowSums.Totals(t.rows(), new double[0], List.of(), t.moments(), Optional.empty()));
        });
        return new RowSums.Totals(whole.rows(), whole.summed(), whole.profiles(), whole.moments(), Optional.empty(),
                byGroup);
    }

    /** The totals of {@code sums} from their flat form's. */
    private static RowSums.Totals totals(RowSums sums, double[] shift, FlatSums.Totals totals) {
        double[] summed = totals.summed();
        int at = 0;
        long rows = Math.round(summed[at++]);
        double[] plain = Arrays.copyOfRange(summed, at, at + sums.summed().size());
        at += plain.length;
        List<RowSums.ValueProfile> profiles = new ArrayList<>();
        for (int i = 0; i < sums.profiled().size(); i++) {
            profiles.add(new RowSums.ValueProfile(Math.round(summed[at]), Math.round(summed[at + 1]),
                    summed[at + 2], totals.maxed()[i]));
            at += 3;
        }
        long counted = Math.round(summed[at++]);
        double weight = sums.weight().isPresent() ? summed[at++] : counted;
        double[] centred = Arrays.copyOfRange(summed, at, at + sums.products().size());
        return new RowSums.Totals(rows, plain, profiles,
                new ShiftedMoments(counted, weight, shift, centred, totals.products()));
    }

    @Override
    public List<Dataset<Row>> queries(RowSums sums) {
        return List.of(shape(flat(sums, firstCounted(sums))).query());
    }

    /**
     * The sums as plain sums, maxima and products: summed the rows, the summed columns, per profiled
     * column its non-null and invalid indicators and its finite square, the counted rows and the centred
     * values p − s; maxed each profiled column's finite |x|; products the centred values (0 in a row that
     * does not count). Weighted: the counted rows' weights Σw follow their count, the sums are of w(p − s)
     * and the products of √w(p − s), so that their products are w(p − s)(p − s)ᵀ.
     */
    private static FlatSums flat(RowSums sums, double[] shift) {
        List<Column> perRow = new ArrayList<>();
        List<String> summed = new ArrayList<>();
        List<String> maxed = new ArrayList<>();
        List<String> products = new ArrayList<>();
        perRow.add(spark_partition_id().as(PartitionSums.PARTITION));
        perRow.add(lit(1.0).as(ROWS));
        summed.add(ROWS);
        for (String name : sums.summed()) {
            perRow.add(col(name));
            summed.add(name);
        }
        for (int i = 0; i < sums.profiled().size(); i++) {
            Column v = col(sums.profiled().get(i));
            Column finite = not(LoadingPass.isInvalid(v));
            perRow.add(indicator(v.isNotNull()).as("__non_null" + i));
            perRow.add(indicator(LoadingPass.isInvalid(v)).as("__invalid" + i));
            perRow.add(when(finite, v.multiply(v)).otherwise(lit(0.0)).as("__squares" + i));
            perRow.add(when(finite, abs(v)).otherwise(lit(0.0)).as("__largest" + i));
            summed.addAll(List.of("__non_null" + i, "__invalid" + i, "__squares" + i));
            maxed.add("__largest" + i);
        }
        Column counts = col(COUNTS);
        perRow.add(indicator(counts).as(COUNTED));
        summed.add(COUNTED);
        if (sums.weight().isPresent()) {
            perRow.add(when(counts, col(WEIGHT)).otherwise(lit(0.0)).as(WEIGHT));
            summed.add(WEIGHT);
        }
        for (int i = 0; i < sums.products().size(); i++) {
            Column centred = when(counts, col(sums.products().get(i)).minus(lit(shift[i]))).otherwise(lit(0.0));
            if (sums.weight().isEmpty()) {
                perRow.add(centred.as("__centred" + i));
                summed.add("__centred" + i);
                products.add("__centred" + i);
                continue;
            }
            perRow.add(centred.multiply(col(WEIGHT)).as("__weighted" + i));
            perRow.add(centred.multiply(sqrt(col(WEIGHT))).as("__scaled" + i));
            summed.add("__weighted" + i);
            products.add("__scaled" + i);
        }
        // The condition in a column of its own, referred to by name: written into every centred value, it would
        // make the plan O(m²) in size (Spark keeps a column that is used many times and not cheap unmerged).
        Dataset<Row> rows = sums.rows().withColumn(COUNTS, counts(sums));
        if (sums.weight().isPresent()) {
            rows = rows.withColumn(WEIGHT, col(sums.weight().get()));
        }
        sums.group().ifPresent(group -> perRow.add(col(group)));
        return new FlatSums(rows.select(perRow.toArray(Column[]::new)), summed, maxed, products, sums.group());
    }

    private static Column indicator(Column condition) {
        return when(condition, lit(1.0)).otherwise(lit(0.0));
    }

    /** Every product column finite: the rows whose products count. */
    private static Column counts(RowSums sums) {
        return not(LoadingPass.anyInvalid(sums.products().stream().map(name -> col(name)).toList()));
    }

    /** The product columns of the first row that counts (zeros if none does): the shift of the moments. */
    private static double[] firstCounted(RowSums sums) {
        Column[] products = sums.products().stream().map(name -> col(name)).toArray(Column[]::new);
        double[] shift = new double[products.length];
        if (products.length == 0) {
            return shift;
        }
        List<Row> first = sums.rows().filter(counts(sums)).select(products).limit(1).collectAsList();
        for (int i = 0; !first.isEmpty() && i < shift.length; i++) {
            shift[i] = first.get(0).getDouble(i);
        }
        return shift;
    }

    /**
     * One of the two layouts of the sums: its query gives rows that start with the partition id, and each
     * row's values are added to (or, for the maxed columns, maxed into) the totals. Every total gets at most
     * one value from each partition's rows, so only the partitions' order matters for the result's bits.
     */
    interface Shape {
        Dataset<Row> query();

        void addTo(FlatSums.Totals totals, Row row);
    }

    /** The single aggregate while its rows stay under Spark's code generation limit, the tiles otherwise. */
    static Shape shape(FlatSums sums) {
        int maxFields = maxFields(sums.rows());
        return SingleAggregate.fields(sums) <= maxFields
                ? new SingleAggregate(sums)
                : new TiledAggregate(sums, TiledAggregate.tileWidth(maxFields, !sums.maxed().isEmpty()));
    }

    /** The session's {@code spark.sql.codegen.maxFields}. */
    static int maxFields(Dataset<Row> rows) {
        var limit = SQLConf.WHOLESTAGE_MAX_NUM_FIELDS();
        return Integer.parseInt(rows.sparkSession().conf().get(limit.key(), limit.defaultValueString()));
    }
}
