package org.cropsgd.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cropsgd.io.GroupedOutputFiles;
import org.cropsgd.io.MetricsFile;
import org.cropsgd.io.ModelFile;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.LabelMetrics;

/**
 * {@code report.html}: one static page beside {@code model.json} for someone opening last night's output
 * folder — the run's settings, data, strategy and learning rate, each label's metrics, the coefficients with
 * their standard errors, the warnings, the timings and the pictures (linked relatively, {@code plots/…}).
 * No script, no stylesheet or font from the network: it reads the same on a machine with no connection. The
 * numbers are {@code metrics.json}'s and {@code model.json}'s, each cell marked with an id
 * ({@code metric-<label>-rmse}, {@code weight-<label>-<feature>}, {@code estimate-<label>-<term>}) so that a test
 * can read them back.
 */
public final class ReportPage {
    private ReportPage() {}

    public static String of(String title, ModelFile model, MetricsFile metrics, List<String> pictures) {
        StringBuilder html = head(title);
        html.append("<p>cropsgd ").append(escapeHtml4(model.version())).append(": ").append(model.labels().size())
                .append(" labels, ").append(model.features().size()).append(" features.</p>\n");

        html.append("<h2>Run</h2>\n<table>\n");
        row(html, "rows", "rows", Long.toString(metrics.rows()));
        row(html, "rows dropped (invalid)", "rows-dropped", Long.toString(metrics.rowsDropped()));
        if (metrics.validationRows() > 0) {
            row(html, "validation rows", "validation-rows", Long.toString(metrics.validationRows()));
        }
        row(html, "strategy", "strategy", metrics.strategy());
        row(html, "learning rate", "learning-rate", number(metrics.learningRate()));
        row(html, "epochs", "epochs", metrics.epochs() + " (" + metrics.stopReason() + ")");
        row(html, "final loss (MSE)", "loss", number(metrics.loss()));
        if (metrics.validationLoss() != null) {
            row(html, "validation loss", "validation-loss", number(metrics.validationLoss()));
        }
        if (metrics.l2Penalty() > 0) {
            row(html, "L2 penalty", "l2-penalty", number(metrics.l2Penalty()));
        }
        passesAndTimes(html, metrics.dataPasses(), "training loop (s)", metrics.trainSeconds(),
                metrics.totalSeconds());

        metricsTable(html, "Metrics on the training rows", metrics.perLabel());

        html.append("<h2>Coefficients</h2>\n<p>model: the trained coefficients (<code>model.json</code>). ")
                .append("The other columns are the exact least-squares fit of the same rows, which training ")
                .append("approaches (<code>coefficient_statistics</code> in <code>metrics.json</code>): its ")
                .append("estimate, standard error, t value and p value. The two estimates agree when training has ")
                .append("converged; with <code>--l2</code>, few epochs or an early stop they differ.</p>\n");
        for (int k = 0; k < model.labels().size(); k++) {
            String label = model.labels().get(k);
            CoefficientStatistics.LabelStatistics statistics = metrics.coefficientStatistics() == null ? null
                    : metrics.coefficientStatistics().get(label);
            html.append("<h3>").append(escapeHtml4(label)).append("</h3>\n<table>\n<tr><th class=\"name\">term")
                    .append("</th><th>model</th><th>least-squares estimate</th><th>std. error</th><th>t value</th>")
                    .append("<th>Pr(&gt;|t|)</th></tr>\n");
            for (int j = 0; j <= model.features().size(); j++) {
                boolean intercept = j == model.features().size();
                String term = intercept ? "(intercept)" : model.features().get(j);
                double weight = intercept ? model.bias()[k] : model.weights()[k][j];
                CoefficientStatistics.Term stats = statistics == null ? null : statistics.terms().stream()
                        .filter(t -> t.term().equals(term)).findFirst().orElse(null);
                html.append("<tr><td class=\"name\">").append(escapeHtml4(term)).append("</td>");
                cell(html, (intercept ? "intercept-" + label : "weight-" + label + "-" + term), number(weight));
                cell(html, "estimate-" + label + "-" + term, stats == null ? "" : number(stats.estimate()));
                cell(html, null, stats == null || stats.standardError() == null ? "" : number(stats.standardError()));
                cell(html, null, stats == null || stats.tValue() == null ? "" : number(stats.tValue()));
                cell(html, null, stats == null || stats.pValue() == null ? "" : CoefficientStatistics.formatPValue(stats.pValue()));
                html.append("</tr>\n");
            }
            html.append("</table>\n");
            if (statistics != null && statistics.undefined() != null) {
                html.append("<p>").append(escapeHtml4(statistics.undefined())).append("</p>\n");
            }
        }

        return tail(html, metrics.warnings(), model.config(), pictures);
    }

    /** The last rows of the run's table, and its end: passes over the data, the training's and the run's seconds. */
    private static void passesAndTimes(StringBuilder html, long dataPasses, String training, double trainSeconds,
            double totalSeconds) {
        row(html, "passes over the data", "data-passes", Long.toString(dataPasses));
        row(html, training, "train-seconds", String.format(Locale.ROOT, "%.2f", trainSeconds));
        row(html, "whole run (s)", "total-seconds", String.format(Locale.ROOT, "%.2f", totalSeconds));
        html.append("</table>\n");
    }

    /** The page up to its first heading: the title, and a small stylesheet of its own. */
    private static StringBuilder head(String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escapeHtml4(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td.name,th.name{text-align:left}")
                .append("img{max-width:100%;border:1px solid #ddd;margin:4px 0}")
                .append(".warning{color:#8a4b00}\n</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escapeHtml4(title)).append("</h1>\n");
        return html;
    }

    /** MSE, RMSE, MAE and R² per label, each cell with its id ({@code metric-<label>-rmse}). */
    private static void metricsTable(StringBuilder html, String heading, Map<String, LabelMetrics> perLabel) {
        html.append("<h2>").append(escapeHtml4(heading)).append("</h2>\n<table>\n<tr><th class=\"name\">label</th>")
                .append("<th>MSE</th><th>RMSE</th><th>MAE</th><th>R²</th></tr>\n");
        for (Map.Entry<String, LabelMetrics> entry : perLabel.entrySet()) {
            String label = entry.getKey();
            LabelMetrics m = entry.getValue();
            html.append("<tr><td class=\"name\">").append(escapeHtml4(label)).append("</td>");
            cell(html, "metric-" + label + "-mse", number(m.mse()));
            cell(html, "metric-" + label + "-rmse", number(m.rmse()));
            cell(html, "metric-" + label + "-mae", number(m.mae()));
            cell(html, "metric-" + label + "-r2", m.r2() == null ? "n/a" : number(m.r2()));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** The warnings, the settings, the pictures and the end of the page. */
    private static String tail(StringBuilder html, List<String> warnings, Map<String, Object> config,
            List<String> pictures) {
        html.append("<h2>Warnings</h2>\n");
        if (warnings.isEmpty()) {
            html.append("<p id=\"warnings\">None.</p>\n");
        } else {
            html.append("<ul id=\"warnings\">\n");
            warnings.forEach(w -> html.append("<li class=\"warning\">").append(escapeHtml4(w)).append("</li>\n"));
            html.append("</ul>\n");
        }
        // model.json's config, by its keys: most are the options' names, but not all (intercept is the
        // command line's --no-intercept), so they are not shown as options to copy.
        html.append("<h2>Settings</h2>\n<p>As <code>model.json</code>'s <code>config</code> records them.</p>\n")
                .append("<table>\n");
        config.forEach((setting, value) -> row(html, setting, null, value == null ? "not set"
                : value instanceof java.util.Collection<?> list
                        ? (list.isEmpty() ? "not set" : String.join(",", list.stream().map(String::valueOf).toList()))
                        : String.valueOf(value)));
        html.append("</table>\n");
        if (!pictures.isEmpty()) {
            html.append("<h2>Pictures</h2>\n");
            for (String picture : pictures) {
                String path = RunPictures.FOLDER + "/" + picture;
                html.append("<p><img src=\"").append(escapeHtml4(path)).append("\" alt=\"")
                        .append(escapeHtml4(picture)).append("\"></p>\n");
            }
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /**
     * The grouped form ({@code train --group-by}): the groups trained and failed, the metrics of all rows each
     * predicted by its group's model, how each label's group RMSE and R² spread and which groups fit worst,
     * the warnings, the settings and the pictures. The coefficients are in {@code models.jsonl}, one line per
     * group.
     */
    public static String grouped(String title, GroupedOutputFiles.ModelIndex index, GroupedOutputFiles.Metrics metrics,
            List<String> pictures) {
        StringBuilder html = head(title);
        html.append("<p>cropsgd ").append(escapeHtml4(index.version())).append(": one model per ")
                .append(escapeHtml4(String.join(", ", index.groupBy()))).append("; ").append(index.labels().size())
                .append(" labels, ").append(index.features().size()).append(" features. Every group's coefficients ")
                .append("are in <code>").append(escapeHtml4(index.models())).append("</code>.</p>\n");
        html.append("<h2>Run</h2>\n<table>\n");
        row(html, "groups", "groups", Integer.toString(metrics.groups()));
        row(html, "groups trained", "groups-trained", Integer.toString(metrics.groupsTrained()));
        row(html, "rows", "rows", Long.toString(metrics.rows()));
        row(html, "rows of the groups trained (the metrics' rows)", "rows-scored", Long.toString(metrics.rowsScored()));
        row(html, "rows dropped (invalid)", "rows-dropped", Long.toString(metrics.rowsDropped()));
        row(html, "strategy", "strategy", metrics.strategy());
        row(html, "loss over those rows (MSE)", "loss", number(metrics.loss()));
        passesAndTimes(html, metrics.dataPasses(), "training loops (s)", metrics.trainSeconds(),
                metrics.totalSeconds());
        metricsTable(html, "Metrics of the trained groups' rows, each by its group's model", metrics.perLabel());
        html.append("<h2>Spread over the groups</h2>\n<table>\n<tr><th class=\"name\">label</th><th>metric</th>")
                .append("<th>min</th><th>median</th><th>max</th><th class=\"name\">worst groups</th></tr>\n");
        for (String label : index.labels()) {
            spreadRow(html, label, "rmse", metrics.rmse().get(label));
            spreadRow(html, label, "r2", metrics.r2().get(label));
        }
        html.append("</table>\n");
        if (!metrics.groupsFailed().isEmpty()) {
            html.append("<h2>Groups without a model</h2>\n<ul>\n");
            metrics.groupsFailed().forEach(failed -> html.append("<li>").append(escapeHtml4(failed.key().toString()))
                    .append(": ").append(escapeHtml4(failed.reason())).append("</li>\n"));
            html.append("</ul>\n");
        }
        return tail(html, metrics.warnings(), index.config(), pictures);
    }

    private static void spreadRow(StringBuilder html, String label, String metric, GroupedOutputFiles.Spread spread) {
        if (spread == null) {
            return;
        }
        html.append("<tr><td class=\"name\">").append(escapeHtml4(label)).append("</td><td>").append(metric)
                .append("</td>");
        cell(html, "spread-" + label + "-" + metric + "-min", number(spread.min()));
        cell(html, "spread-" + label + "-" + metric + "-median", number(spread.median()));
        cell(html, "spread-" + label + "-" + metric + "-max", number(spread.max()));
        html.append("<td class=\"name\">").append(escapeHtml4(spread.worst().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining(" ")))).append("</td></tr>\n");
    }

    /** All the digits that tell numbers apart when read: 10 significant ones. */
    static String number(double value) {
        return String.format(Locale.ROOT, "%.10g", value);
    }

    private static void row(StringBuilder html, String name, String id, String value) {
        html.append("<tr><th class=\"name\">").append(escapeHtml4(name)).append("</th>");
        cell(html, id, value);
        html.append("</tr>\n");
    }

    private static void cell(StringBuilder html, String id, String value) {
        html.append("<td").append(id == null ? "" : " id=\"" + escapeHtml4(id) + "\"").append(">")
                .append(escapeHtml4(value)).append("</td>");
    }
}
