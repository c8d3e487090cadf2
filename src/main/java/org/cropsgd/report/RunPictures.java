package org.cropsgd.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.jfree.chart.JFreeChart;

/**
 * The pictures of a run, by file name under {@code plots/}, each drawn when it is written: a picture that
 * cannot be drawn is a warning, never a failed run (the model is written either way). Drawn on the driver,
 * headless, from what the run already has: the loss history and the final metrics pass's sample.
 */
public final class RunPictures {
    /** The folder the pictures go to, in the output. */
    public static final String FOLDER = "plots";

    private final Map<String, Supplier<JFreeChart>> charts = new LinkedHashMap<>();

    /** Each label's part of its pictures' file names (see {@link #fileNames}). */
    private final Map<String, String> fileNames;

    /** The pictures of a run whose labels are {@code labels}. */
    public RunPictures(List<String> labels) {
        fileNames = fileNames(labels);
    }

    /**
     * Loads and initializes what drawing needs (Java2D, fonts, the chart classes: about 0.7 s of a first
     * picture, measured) on a daemon thread while the run trains, so that the pictures at its end cost only
     * their drawing. Best effort: a failure here is the real drawing's to report.
     */
    public static void prepareInBackground() {
        Thread warmUp = new Thread(() -> {
            try {
                Charts.png(LossChart.of(new double[] {2, 1}, null, null, -1));
            } catch (RuntimeException | LinkageError | java.awt.AWTError | InternalError ignored) {
                // Drawing the run's pictures will fail the same way and say so.
            }
        }, "cropsgd-pictures-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** Adds {@code plots/loss.png}. */
    public RunPictures loss(double[] loss, double[] validation, double[] penalty, int stoppedAt) {
        return add("loss.png", () -> LossChart.of(loss, validation, penalty, stoppedAt));
    }

    /** Adds {@code plots/loss.png} of a grouped run: each group's loss per epoch ({@link GroupLossChart}). */
    public RunPictures groupLoss(Map<String, double[]> lossByGroup) {
        return add("loss.png", () -> GroupLossChart.of(lossByGroup));
    }

    /** Adds {@code plots/fit-<label>.png} and {@code plots/residuals-<label>.png} of every label. */
    public RunPictures fit(ModelEvaluator.Sample sample, Map<String, LabelMetrics> metrics) {
        for (int k = 0; k < sample.labels().size(); k++) {
            String label = sample.labels().get(k);
            double[] actual = sample.actual()[k];
            double[] predicted = sample.predicted()[k];
            LabelMetrics m = metrics.get(label);
            add("fit-" + fileName(label) + ".png", () -> FitChart.of(label, actual, predicted, m.r2(), m.rmse()));
            add("residuals-" + fileName(label) + ".png", () -> {
                double[] residuals = new double[actual.length];
                for (int i = 0; i < residuals.length; i++) {
                    residuals[i] = predicted[i] - actual[i];
                }
                return HistogramChart.of("Residuals: " + label, label + ": predicted − actual", "rows", residuals,
                        residuals.length + " rows shown");
            });
        }
        return this;
    }

    /**
     * Adds {@code plots/group-<metric>-<label>.png}: how one metric ({@code rmse}, {@code r2}) of a label spreads
     * over the groups, the worst named.
     */
    public RunPictures groups(String metric, String label, double[] values, List<String> worst) {
        return add("group-" + metric + "-" + fileName(label) + ".png", () -> HistogramChart.of(
                metric.toUpperCase(java.util.Locale.ROOT).replace("R2", "R²") + " per group: " + label,
                label + ": a group's " + metric, "groups", values, values.length + " groups; worst: " + String.join(", ", worst)));
    }

    /** Adds picture {@code name}, drawn by {@code chart} when {@link #draw} comes to it. */
    RunPictures add(String name, Supplier<JFreeChart> chart) {
        charts.put(name, chart);
        return this;
    }

    /** The pictures' names (under {@link #FOLDER}), in the order they are drawn. */
    public List<String> names() {
        return new ArrayList<>(charts.keySet());
    }

    /**
     * Draws every picture and hands it to {@code write} (name under {@link #FOLDER}, PNG bytes); returns the
     * names drawn. A failure to draw one goes to {@code warning}, and the others are still drawn.
     */
    public List<String> draw(PictureSink write, Consumer<String> warning) {
        List<String> drawn = new ArrayList<>();
        charts.forEach((name, chart) -> {
            try {
                write.accept(FOLDER + "/" + name, Charts.png(chart.get()));
                drawn.add(name);
            } catch (RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
                warning.accept(String.format("Could not draw %s/%s (%s); the model is written without it. "
                        + "--plots false skips the pictures.", FOLDER, name, e));
            }
        });
        return drawn;
    }

    /** {@link #draw} into {@code output}'s {@value #FOLDER} folder. */
    public List<String> drawInto(org.cropsgd.io.AtomicOutputDirectory output, Consumer<String> warning) {
        return draw((path, png) -> output.write(path, stream -> stream.write(png)), warning);
    }

    /** Where a drawn picture goes. */
    public interface PictureSink {
        void accept(String path, byte[] png);
    }

    private String fileName(String label) {
        return fileNames.get(label);
    }

    /**
     * Each label as part of a file name. A label of letters, digits, '-', '_' and '.' only is its own name; in
     * any other, each other character becomes '_', and when that name is another label's already
     * ({@code a/b} beside {@code a_b}), {@code -2}, {@code -3}, ... follows, in label order, until it is no
     * label's: no label's picture replaces another's, and a label that can be a file name always is its own.
     */
    static Map<String, String> fileNames(List<String> labels) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String label : labels) {
            if (label.equals(asFileName(label))) {
                names.put(label, label);
                taken.add(label);
            }
        }
        for (String label : labels) {
            if (!names.containsKey(label)) {
                String name = asFileName(label);
                String unique = name;
                for (int n = 2; taken.contains(unique); n++) {
                    unique = name + "-" + n;
                }
                names.put(label, unique);
                taken.add(unique);
            }
        }
        return names;
    }

    private static String asFileName(String label) {
        return label.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
