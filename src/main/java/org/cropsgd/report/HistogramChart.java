package org.cropsgd.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
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
    static final int BINS = 40;

    private HistogramChart() {}

    public static JFreeChart of(String title, String axis, double[] values, String subtitle) {
        HistogramDataset data = new HistogramDataset();
        data.addSeries(axis, values, BINS);
        JFreeChart chart = Charts.styled(ChartFactory.createHistogram(title, axis, "rows", data,
                PlotOrientation.VERTICAL, false, false, false));
        XYPlot plot = chart.getXYPlot();
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
}
