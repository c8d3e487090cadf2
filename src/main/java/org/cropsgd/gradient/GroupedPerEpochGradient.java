package org.cropsgd.gradient;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;

/**
 * The per-epoch strategy for every group at once ({@code --group-by} with {@code --strategy per-epoch}): one
 * pass over the grouped table gives each group's residual sums at its own model. The groups' models and
 * units are a small table ({@link GroupedModel#table}) broadcast and joined to the rows on their group; each
 * row's training features {@code (x − μ_g) / σ_g} and residuals are computed from the joined columns, and the
 * sums of {@link PerEpochGradient} are grouped by group and partition, then added up per group in partition
 * order on the driver, so a group's sums do not depend on the order partitions finish in. Plain Spark SQL (a
 * broadcast hash join and a hash aggregate), which the RAPIDS Accelerator runs, on the CPU too: one
 * expression whatever the number of groups. Rows of groups not asked for (a converged or failed group) are
 * dropped by the join.
 */
public final class GroupedPerEpochGradient {
    private final TrainingTable table;
    private final Map<String, Standardization> units;
    private long passes;

    /**
     * @param table  a grouped training table
     * @param units  each group's standardization: the units its models are in
     */
    public GroupedPerEpochGradient(TrainingTable table, Map<String, Standardization> units) {
        if (!table.grouped()) {
            throw new IllegalArgumentException("a grouped table is needed");
        }
        this.table = table;
        this.units = Map.copyOf(units);
    }

    /** The residual sums of each group in {@code models} at its model (training units): one pass. */
    public Map<String, ResidualSums> residualSums(Map<String, LinearModel> models) {
        passes++;
        int d = table.featureCount();
        int k = table.labelCount();
        Map<String, List<Row>> byGroup = new HashMap<>();
        for (Row row : plan(models).collectAsList()) {
            byGroup.computeIfAbsent(row.getString(1), key -> new ArrayList<>()).add(row);
        }
        Map<String, ResidualSums> sums = new HashMap<>();
        byGroup.forEach((key, rows) -> {
            rows.sort(Comparator.comparingInt(row -> row.getInt(0)));
            // After the partition and the group, the sums.
            sums.put(key, ResidualSums.unpack(PartitionSums.sum(rows, 2, (d + 2) * k + 1), d, k));
        });
        return sums;
    }

    /** Passes made so far. */
    public long dataPasses() {
        return passes;
    }

    /**
     * The query of one pass, for plan checks too: per partition and group, for each label Σ w·r·z_j, Σ w·r,
     * Σ w·r², then Σ w (the row count unweighted).
     */
    public Dataset<Row> plan(Map<String, LinearModel> models) {
        int d = table.featureCount();
        int k = table.labelCount();
        Map<String, Standardization> asked = new HashMap<>();
        models.keySet().forEach(key -> asked.put(key, units.get(key)));
        Dataset<Row> joined = table.frame().join(broadcast(GroupedModel.table(table.frame().sparkSession(), models,
                null, asked, d, k)), col(TrainingTable.GROUP_COLUMN).equalTo(col(GroupedModel.KEY)));
        // Each row's training features and residuals once, then the sums over them, as PerEpochGradient's.
        Column[] z = new Column[d];
        for (int j = 0; j < d; j++) {
            z[j] = GroupedModel.standardized(j, table.feature(j));
        }
        Column[] r = new Column[k];
        for (int label = 0; label < k; label++) {
            r[label] = GroupedModel.prediction(label, z).minus(table.label(label));
        }
        List<Column> perRow = new ArrayList<>(List.of(PartitionSums.partitionId(), col(GroupedModel.KEY)));
        perRow.addAll(PerEpochGradient.residualColumns(z, r, table.weightColumn()));
        Column[] sums = PerEpochGradient.aggregates(d, k, table.weightColumn().isPresent());
        return joined.select(perRow.toArray(Column[]::new)).groupBy(col(PartitionSums.PARTITION), col(GroupedModel.KEY))
                .agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length));
    }
}
