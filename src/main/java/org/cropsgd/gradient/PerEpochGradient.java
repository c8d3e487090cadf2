package org.cropsgd.gradient;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;
import org.cropsgd.moments.ResidualPass;
import org.cropsgd.moments.SumsEngines;

/**
 * The gradient by one pass over the cached table per evaluation: Σ r·z, Σ r, Σ r² and the row count at the
 * model (with sample weights Σ w·r·z, Σ w·r, Σ w·r² and Σ w), each partition's added up on the driver in partition order. Under the RAPIDS Accelerator the pass
 * is Spark SQL only (no UDF, no RDD), so the GPU runs all of it: the model enters the plan as literals, the
 * plan computes the k residuals of every row and sums them per partition. On the CPU the same sums come
 * from {@link ResidualPass} over the training features, planned once for every epoch
 * ({@link SumsEngines#inSparkSql} decides).
 */
public final class PerEpochGradient implements GradientSource {
    private final TrainingTable table;
    private final Standardization standardization;
    private final boolean intercept;
    private long passes;
    /** The CPU pass over the training features and labels, planned at its first use. */
    private ResidualPass cpuPass;

    public PerEpochGradient(TrainingTable table, Standardization standardization, boolean intercept) {
        this.table = table;
        this.standardization = standardization;
        this.intercept = intercept;
    }

    @Override
    public LossGradient evaluate(LinearModel model) {
        return residualSums(model).toLossGradient(intercept);
    }

    /** The residual sums at {@code model}: one pass over the table. */
    public ResidualSums residualSums(LinearModel model) {
        passes++;
        if (!SumsEngines.inSparkSql(table.frame().sparkSession())) {
            if (cpuPass == null) {
                cpuPass = new ResidualPass(table.frame(), table.features(), table.labels(), table.weight(),
                        lit(true), standardization.mean(), standardization.scale());
            }
            ResidualPass.Totals totals = cpuPass.total(model, new double[table.labelCount()], true);
            return new ResidualSums(totals.residualTimesFeature(), totals.residual(), totals.squared(),
                    totals.weight());
        }
        return ResidualSums.unpack(PartitionSums.sumInPartitionOrder(plan(model)), table.featureCount(),
                table.labelCount());
    }

    @Override
    public long dataPasses() {
        return passes;
    }

    /** The query of one pass at {@code model}, for plan checks. */
    public PartitionSums.Query plan(LinearModel model) {
        return new PartitionSums.Query(residualRows(model), aggregates(table.featureCount(), table.labelCount(),
                table.weightColumn().isPresent()));
    }

    /** Per row: the partition id, the training features z0.., the residuals r0.. and, weighted, w. */
    private Dataset<Row> residualRows(LinearModel model) {
        Column[] z = ModelColumns.trainingFeatures(table, standardization);
        Column[] r = new Column[table.labelCount()];
        for (int label = 0; label < r.length; label++) {
            r[label] = ModelColumns.residual(model, label, z, table.label(label));
        }
        List<Column> columns = new ArrayList<>();
        columns.add(PartitionSums.partitionId());
        columns.addAll(residualColumns(z, r, table.weightColumn()));
        return table.frame().select(columns.toArray(Column[]::new));
    }

    /** The per-row columns {@link #aggregates} adds up: {@code z} as z0.., {@code r} as r0.., the weight as w. */
    static List<Column> residualColumns(Column[] z, Column[] r, Optional<Column> weight) {
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < z.length; j++) {
            columns.add(z[j].as("z" + j));
        }
        for (int label = 0; label < r.length; label++) {
            columns.add(r[label].as("r" + label));
        }
        weight.ifPresent(w -> columns.add(w.as(WEIGHT)));
        return columns;
    }

    private static final String WEIGHT = "w";

    /**
     * For each label: Σ r·z_j for every j, Σ r, Σ r²; then the row count. Weighted: Σ w·r·z_j, Σ w·r, Σ w·r²,
     * then Σ w.
     */
    static Column[] aggregates(int d, int k, boolean weighted) {
        List<Column> aggregates = new ArrayList<>();
        for (int label = 0; label < k; label++) {
            Column r = col("r" + label);
            Column wr = weighted ? r.multiply(col(WEIGHT)) : r;
            for (int j = 0; j < d; j++) {
                aggregates.add(sum(wr.multiply(col("z" + j))));
            }
            aggregates.add(sum(wr));
            aggregates.add(sum(wr.multiply(r)));
        }
        aggregates.add(weighted ? sum(col(WEIGHT)) : count(lit(1)));
        return aggregates.toArray(Column[]::new);
    }
}
