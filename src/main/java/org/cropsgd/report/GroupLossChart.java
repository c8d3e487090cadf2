package org.cropsgd.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code plots/loss.png} of a grouped run: each group's training loss per epoch divided by its first, so that
 * groups whose labels differ in scale share one axis and a curve that has not flattened stands out; at most
 * {@link #MAX_GROUPS} groups, those with the highest last relative loss (the least converged), named in the
 * legend. A log scale when the curves span more than two decades, as {@link LossChart}'s.
 */
public final class GroupLossChart {
    /** More curves than this are not told apart. */
    static final int MAX_GROUPS = 10;

    /** The curves' colours, the least converged group's first. */
    private static final Color[] COLOURS = {Charts.FIRST, Charts.SECOND, Charts.THIRD, new Color(0xd6, 0x27, 0x28),
        new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2),
        new Color(0x7f, 0x7f, 0x7f), new Color(0xbc, 0xbd, 0x22), new Color(0x17, 0xbe, 0xcf)};

    private GroupLossChart() {}

    /** The groups drawn, in the order of their curves: the least converged (highest last loss ÷ first) first. */
    public static List<String> drawn(Map<String, double[]> lossByGroup) {
        List<String> groups = new ArrayList<>(lossByGroup.keySet());
        groups.removeIf(group -> !(relative(lossByGroup.get(group)).length > 0));
        groups.sort(Comparator.comparingDouble((String group) -> last(relative(lossByGroup.get(group)))).reversed()
                .thenComparing(Comparator.naturalOrder()));
        return groups.subList(0, Math.min(MAX_GROUPS, groups.size()));
    }

    /** @param lossByGroup  each group's training loss after e steps, e = 0..epochs */
    public static JFreeChart of(Map<String, double[]> lossByGroup) {
        List<String> drawn = drawn(lossByGroup);
        XYSeriesCollection data = new XYSeriesCollection();
        for (String group : drawn) {
            double[] relative = relative(lossByGroup.get(group));
            XYSeries series = new XYSeries(group, false, true);
            for (int epoch = 0; epoch < relative.length; epoch++) {
                series.add(epoch, relative[epoch]);
            }
            data.addSeries(series);
        }
        JFreeChart chart = Charts.styled(ChartFactory.createXYLineChart("Loss per epoch, by group", "epoch",
                "loss ÷ the group's first", data, PlotOrientation.VERTICAL, true, false, false));
        chart.addSubtitle(new TextTitle(drawn.size() == lossByGroup.size()
                ? lossByGroup.size() + " groups"
                : String.format("the %d of %d groups with the highest last loss ÷ first", drawn.size(),
                        lossByGroup.size())));
        LossChart.perEpoch(chart.getXYPlot(), data, COLOURS, "loss ÷ the group's first");
        return chart;
    }

    /** loss[e] ÷ loss[0]; empty when the first loss is 0 or not a number (nothing to compare with). */
    public static double[] relative(double[] loss) {
        if (loss.length == 0 || !(loss[0] > 0) || Double.isInfinite(loss[0])) {
            return new double[0];
        }
        double[] relative = new double[loss.length];
        for (int epoch = 0; epoch < loss.length; epoch++) {
            relative[epoch] = loss[epoch] / loss[0];
        }
        return relative;
    }

    private static double last(double[] values) {
        return values[values.length - 1];
    }
}
