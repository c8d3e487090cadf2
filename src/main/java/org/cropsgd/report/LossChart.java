package org.cropsgd.report;

import java.awt.BasicStroke;
import java.text.DecimalFormat;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code plots/loss.png}: the training loss after each epoch, the validation loss when rows are held out,
 * the ridge penalty when {@code --l2} is on; a log scale when the curve spans more than two decades, and the
 * epoch where {@code --tol} stopped training marked.
 */
public final class LossChart {
    /** Past this ratio of largest to smallest loss, the loss axis is logarithmic. */
    static final double LOG_SCALE_RATIO = 100;

    private LossChart() {}

    /**
     * @param loss        the training loss after e steps, e = 0..epochs
     * @param validation  the validation loss per epoch, or null
     * @param penalty     the ridge penalty per epoch, or null
     * @param stoppedAt   the epoch --tol stopped at, or -1
     */
    public static JFreeChart of(double[] loss, double[] validation, double[] penalty, int stoppedAt) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("training loss (MSE)", loss));
        if (validation != null) {
            data.addSeries(series("validation loss", validation));
        }
        if (penalty != null) {
            data.addSeries(series("L2 penalty", penalty));
        }
        JFreeChart chart = Charts.styled(ChartFactory.createXYLineChart("Loss per epoch", "epoch", "loss", data,
                PlotOrientation.VERTICAL, true, false, false));
        XYPlot plot = chart.getXYPlot();
        perEpoch(plot, data, new java.awt.Color[] {Charts.FIRST, Charts.SECOND, Charts.THIRD}, "loss");
        if (stoppedAt >= 0) {
            ValueMarker marker = new ValueMarker(stoppedAt, Charts.DIAGONAL,
                    new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1.0f, new float[] {4f, 4f}, 0f));
            marker.setLabel("stopped early (--tol) at epoch " + stoppedAt);
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(marker);
        }
        return chart;
    }

    /**
     * What every chart of a value per epoch shares: each series a line in its colour (cycling through
     * {@code colours}), the epochs as whole numbers with a little room at both ends (so that the first and last
     * are not drawn under the plot's border), and a log scale of {@code value} past two decades.
     */
    static void perEpoch(XYPlot plot, XYSeriesCollection data, java.awt.Color[] colours, String value) {
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int series = 0; series < data.getSeriesCount(); series++) {
            renderer.setSeriesPaint(series, colours[series % colours.length]);
            renderer.setSeriesStroke(series, Charts.line());
        }
        NumberAxis epochs = (NumberAxis) plot.getDomainAxis();
        epochs.setAutoRangeStickyZero(false);
        epochs.setLowerMargin(0.02);
        epochs.setUpperMargin(0.02);
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (spansDecades(data)) {
            LogAxis axis = new LogAxis(value + " (log scale)");
            axis.setNumberFormatOverride(new DecimalFormat("0.###E0"));
            axis.setTickUnit(new NumberTickUnit(1.0));
            plot.setRangeAxis(axis);
        }
    }

    private static XYSeries series(String name, double[] values) {
        XYSeries series = new XYSeries(name, false, true);
        for (int epoch = 0; epoch < values.length; epoch++) {
            series.add(epoch, values[epoch]);
        }
        return series;
    }

    /** Whether every value is positive and the largest is more than {@link #LOG_SCALE_RATIO} times the smallest. */
    static boolean spansDecades(XYSeriesCollection data) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int series = 0; series < data.getSeriesCount(); series++) {
            for (int item = 0; item < data.getItemCount(series); item++) {
                double value = data.getYValue(series, item);
                if (!(value > 0) || Double.isInfinite(value)) {
                    return false;
                }
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return max > LOG_SCALE_RATIO * min;
    }
}
