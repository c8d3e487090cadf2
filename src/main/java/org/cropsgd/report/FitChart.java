package org.cropsgd.report;

import java.awt.geom.Rectangle2D;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code plots/fit-<label>.png}: each sampled row's prediction against its label, and the diagonal where
 * they would be equal, from the smallest to the largest value of either; R² and RMSE (on all rows) in the
 * legend.
 */
public final class FitChart {
    private FitChart() {}

    /** The diagonal's ends: the smallest and the largest of the labels and predictions. */
    public static double[] diagonal(double[] actual, double[] predicted) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < actual.length; i++) {
            min = Math.min(min, Math.min(actual[i], predicted[i]));
            max = Math.max(max, Math.max(actual[i], predicted[i]));
        }
        return new double[] {min, max};
    }

    public static JFreeChart of(String label, double[] actual, double[] predicted, Double r2, double rmse) {
        XYSeries points = new XYSeries(String.format(Locale.ROOT, "%d rows shown (R² %s, RMSE %.4g on all rows)",
                actual.length, r2 == null ? "n/a" : String.format(Locale.ROOT, "%.4f", r2), rmse), false, true);
        for (int i = 0; i < actual.length; i++) {
            points.add(actual[i], predicted[i]);
        }
        JFreeChart chart = Charts.styled(ChartFactory.createScatterPlot("Predicted against actual: " + label,
                label + " (actual)", label + " (predicted)", new XYSeriesCollection(points),
                PlotOrientation.VERTICAL, true, false, false));
        XYPlot plot = chart.getXYPlot();
        plot.getRenderer().setSeriesPaint(0, Charts.FIRST);
        plot.getRenderer().setSeriesShape(0, new Rectangle2D.Double(-1.5, -1.5, 3, 3));
        double[] ends = diagonal(actual, predicted);
        XYSeries diagonal = new XYSeries("prediction = actual");
        diagonal.add(ends[0], ends[0]);
        diagonal.add(ends[1], ends[1]);
        plot.setDataset(1, new XYSeriesCollection(diagonal));
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, Charts.DIAGONAL);
        line.setSeriesStroke(0, Charts.line());
        plot.setRenderer(1, line);
        // The diagonal over the points, so that its ends are visible wherever the points crowd.
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        return chart;
    }
}
