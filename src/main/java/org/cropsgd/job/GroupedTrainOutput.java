package org.cropsgd.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.cropsgd.config.TrainConfig;
import org.cropsgd.io.AtomicOutputDirectory;
import org.cropsgd.io.GroupedOutputFiles;
import org.cropsgd.io.OutputFiles;
import org.cropsgd.model.GroupedModel;
import org.cropsgd.report.ReportPage;
import org.cropsgd.report.RunPictures;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.train.GroupedFitter;

/**
 * What {@code train --group-by} writes and prints, from a {@link GroupedFitter.Result}: the four files of
 * {@link GroupedOutputFiles} and a summary (the pooled metrics, and how the groups' RMSE spreads).
 */
final class GroupedTrainOutput {
    /** Groups named as the worst of each label in metrics.json. */
    private static final int WORST = 5;

    private GroupedTrainOutput() {}

    /**
     * Writes the grouped output's files and, with {@code pictures}, how each label's group RMSE and R² spread
     * ({@code plots/}) and {@code report.html}; a picture that cannot be drawn goes to {@code warning}.
     */
    static void write(AtomicOutputDirectory output, TrainConfig config, StructType inputSchema,
            GroupedFitter.Result result, double totalSeconds, String version, boolean pictures,
            java.util.function.Consumer<String> warning) {
        List<String> keys = config.fit().grouping().columns();
        Map<String, String> keyTypes = GroupedModel.keyTypes(keys, inputSchema);
        GroupedOutputFiles.ModelIndex index = new GroupedOutputFiles.ModelIndex(result.features(), result.labels(),
                keys, keyTypes, GroupedOutputFiles.MODELS, result.fits().size(), config.fit().standardize(),
                config.asOptions(), version);
        List<GroupedOutputFiles.GroupModel> models = new ArrayList<>();
        List<GroupedOutputFiles.History> histories = new ArrayList<>();
        result.fits().forEach((group, fit) -> {
            double[] loss = fit.history().loss();
            models.add(new GroupedOutputFiles.GroupModel(GroupedOutputFiles.key(group), fit.rows(),
                    fit.model().weights(), fit.model().bias(), fit.epochs(), fit.stopReason().jsonName(),
                    fit.learningRate(), loss[loss.length - 1], fit.metrics() == null ? Map.of()
                            : fit.metrics().perLabel(), fit.statistics()));
            histories.add(new GroupedOutputFiles.History(group, loss));
        });
        List<GroupedOutputFiles.FailedGroup> failed = new ArrayList<>();
        result.failed().forEach((group, why) -> failed.add(new GroupedOutputFiles.FailedGroup(
                GroupedOutputFiles.key(group), why)));
        ModelEvaluator.Evaluation pooled = result.pooled();
        GroupedOutputFiles.Metrics metrics = new GroupedOutputFiles.Metrics(result.fits().size() + failed.size(),
                result.fits().size(), failed, pooled.loss(), result.rows(), pooled.rows(), result.dropped(),
                pooled.perLabel(),
                spread(result, LabelMetrics::rmse, true), spread(result, LabelMetrics::r2, false),
                result.strategy().cliName(), result.dataPasses(), result.trainSeconds(), totalSeconds,
                result.warnings());
        GroupedOutputFiles.write(output, index, models, metrics, histories);
        if (pictures) {
            Map<String, double[]> lossByGroup = new LinkedHashMap<>();
            result.fits().forEach((group, fit) -> lossByGroup.put(group, fit.history().loss()));
            RunPictures drawing = new RunPictures(result.labels()).groupLoss(lossByGroup)
                    .fit(result.sample().atMost(ModelEvaluator.SAMPLE_ROWS), pooled.perLabel());
            for (String label : result.labels()) {
                addSpread(drawing, "rmse", label, result, LabelMetrics::rmse, metrics.rmse());
                addSpread(drawing, "r2", label, result, LabelMetrics::r2, metrics.r2());
            }
            TrainJob.writeReport(output, ReportPage.grouped("cropsgd models by group " + output.target(), index,
                    metrics, drawing.drawInto(output, warning)));
        }
    }

    /** The picture of one metric's spread over the groups of one label, the worst groups named. */
    private static void addSpread(RunPictures drawing, String metric, String label, GroupedFitter.Result result,
            java.util.function.Function<LabelMetrics, Double> value, Map<String, GroupedOutputFiles.Spread> spreads) {
        GroupedOutputFiles.Spread spread = spreads.get(label);
        double[] values = result.fits().values().stream()
                .map(fit -> fit.metrics() == null ? null : value.apply(fit.metrics().perLabel().get(label)))
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (spread == null || values.length == 0) {
            return;
        }
        drawing.groups(metric, label, values, spread.worst().stream().map(JsonNode::toString).toList());
    }

    /** Per label, the spread of one metric over the groups; "worst" is the largest (RMSE) or smallest (R²). */
    private static Map<String, GroupedOutputFiles.Spread> spread(GroupedFitter.Result result,
            java.util.function.Function<LabelMetrics, Double> metric, boolean largestWorst) {
        Map<String, GroupedOutputFiles.Spread> spreads = new LinkedHashMap<>();
        for (String label : result.labels()) {
            List<Map.Entry<String, Double>> values = new ArrayList<>();
            result.fits().forEach((group, fit) -> {
                Double value = fit.metrics() == null ? null : metric.apply(fit.metrics().perLabel().get(label));
                if (value != null) {
                    values.add(Map.entry(group, value));
                }
            });
            if (values.isEmpty()) {
                continue;
            }
            values.sort(Map.Entry.comparingByValue());
            double median = values.size() % 2 == 1 ? values.get(values.size() / 2).getValue()
                    : (values.get(values.size() / 2 - 1).getValue() + values.get(values.size() / 2).getValue()) / 2;
            List<Map.Entry<String, Double>> worstFirst = new ArrayList<>(values);
            if (largestWorst) {
                worstFirst.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
            }
            List<JsonNode> worst = worstFirst.subList(0, Math.min(WORST, worstFirst.size())).stream()
                    .map(entry -> GroupedOutputFiles.key(entry.getKey())).toList();
            spreads.put(label, new GroupedOutputFiles.Spread(values.get(0).getValue(), median,
                    values.get(values.size() - 1).getValue(), worst));
        }
        return spreads;
    }

    static void printSummary(PrintWriter out, GroupedFitter.Result result, double totalSeconds,
            AtomicOutputDirectory output, boolean pictures) {
        ModelEvaluator.Evaluation pooled = result.pooled();
        out.println(String.format(Locale.ROOT, "%d groups trained%s in %.1f s (training loops %.1f s); loss over all "
                + "their rows %.10g", result.fits().size(),
                result.failed().isEmpty() ? "" : String.format(Locale.ROOT, ", %d without a model (%d of the %d rows, "
                        + "not in the metrics below)", result.failed().size(), result.rows() - pooled.rows(),
                        result.rows()),
                totalSeconds, result.trainSeconds(), pooled.loss()));
        out.println(String.format(Locale.ROOT, "  %-16s %14s %14s %10s %24s", "label", "RMSE", "MAE", "R2",
                "group RMSE min/median/max"));
        Map<String, GroupedOutputFiles.Spread> rmse = spread(result, LabelMetrics::rmse, true);
        for (Map.Entry<String, LabelMetrics> label : pooled.perLabel().entrySet()) {
            LabelMetrics m = label.getValue();
            GroupedOutputFiles.Spread s = rmse.get(label.getKey());
            out.println(String.format(Locale.ROOT, "  %-16s %14.6g %14.6g %10s %24s", label.getKey(), m.rmse(),
                    m.mae(), m.r2() == null ? "n/a" : String.format(Locale.ROOT, "%.6f", m.r2()),
                    s == null ? "n/a" : String.format(Locale.ROOT, "%.4g/%.4g/%.4g", s.min(), s.median(), s.max())));
        }
        out.printf("Models written to %s (%s, %s, %s, %s%s)%n", output.target(), OutputFiles.MODEL,
                GroupedOutputFiles.MODELS, OutputFiles.METRICS, OutputFiles.HISTORY,
                TrainJob.picturesWritten(pictures));
        out.flush();
    }
}
