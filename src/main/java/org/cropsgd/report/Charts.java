package org.cropsgd.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/**
 * What every picture shares: the size, the look (white background, light grid) and rendering to PNG. Lines
 * and points are drawn without anti-aliasing, so a data point's pixel has exactly its series' colour (what
 * the tests read back); text keeps anti-aliasing. Where a data value lands in the image is
 * {@link #pixel}: the tests use it to find the curve and the diagonal where the data says they are.
 */
public final class Charts {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    /** The first series' colour: training loss, the points of a fit, the bars of a histogram. */
    public static final Color FIRST = new Color(0x1f, 0x77, 0xb4);
    public static final Color SECOND = new Color(0xff, 0x7f, 0x0e);
    public static final Color THIRD = new Color(0x2c, 0xa0, 0x2c);
    public static final Color DIAGONAL = new Color(0x55, 0x55, 0x55);

    static {
        // A cluster's driver has no display, and one named in DISPLAY may not answer: draw off-screen always.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** A chart drawn into an image, with the rectangle its data is drawn in. */
    public record Rendered(BufferedImage image, Rectangle2D dataArea) {}

    /** White, with a light grid and crisp data. */
    static JFreeChart styled(JFreeChart chart) {
        chart.setAntiAlias(false);
        chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setOutlinePaint(new Color(0x99, 0x99, 0x99));
        return chart;
    }

    static BasicStroke line() {
        return new BasicStroke(2.0f);
    }

    public static Rendered render(JFreeChart chart) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, info);
        return new Rendered(image, info.getPlotInfo().getDataArea());
    }

    static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(chart).image(), "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The pixel (x, y) at which {@code chart}'s plot draws the data point (x, y), in {@code dataArea}. */
    public static int[] pixel(JFreeChart chart, Rectangle2D dataArea, double x, double y) {
        XYPlot plot = chart.getXYPlot();
        return new int[] {
            (int) Math.round(plot.getDomainAxis().valueToJava2D(x, dataArea, plot.getDomainAxisEdge())),
            (int) Math.round(plot.getRangeAxis().valueToJava2D(y, dataArea, plot.getRangeAxisEdge()))};
    }
}
