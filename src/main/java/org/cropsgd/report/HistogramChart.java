package org.cropsgd.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.HistogramDataset;

/**
 * A histogram: {@code plots/residuals-<label>.png} (the sampled rows' residuals, prediction − actual) and,
 * grouped, {@code plots/group-rmse-<label>.png} (each group's RMSE, the worst named below the title).
 */
public final class HistogramChart {
    /** At most this many bins; fewer for few values (2·√n, at least 5), so a handful of groups is not all gaps. */
    static final int BINS = 40;

    private HistogramChart() {}

    /** @param counted  what the bars count: "rows", "groups" */
    public static JFreeChart of(String title, String axis, String counted, double[] values, String subtitle) {
        HistogramDataset data = new HistogramDataset();
        data.addSeries(axis, values, bins(values.length));
        JFreeChart chart = Charts.styled(ChartFactory.createHistogram(title, axis, counted, data,
                PlotOrientation.VERTICAL, false, false, false));
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYBarRenderer bars = (XYBarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, Charts.FIRST);
        // Outlined in their own colour, bars drawn without anti-aliasing leave no rounding gaps between them.
        bars.setDrawBarOutline(true);
        bars.setSeriesOutlinePaint(0, Charts.FIRST);
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle));
        }
        return chart;
    }

    static int bins(int values) {
        return Math.max(5, Math.min(BINS, (int) Math.ceil(2 * Math.sqrt(values))));
    }
}
