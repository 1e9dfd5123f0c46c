package io.featurizer.serve.plot;

import io.featurizer.core.event.FieldType;
import io.featurizer.offline.compute.FeatureTable;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * A chart of features over time: one panel per feature, one line per numeric field of it, all panels on
 * one exchange-time axis in UTC, drawn as steps (a feature's value holds until its next output, as the
 * point-in-time join reads it). Written as PNG or SVG (JFreeChart, JFreeSVG). Each line is downsampled
 * to about four points per pixel column ({@link Downsample#m4}), so a day of per-event values draws the
 * same picture from a few thousand points. Array fields (book levels) are not drawn.
 */
public final class FeaturePlot {
    /** One line: a field of a feature. */
    public record Series(String name, long[] times, double[] values) {
    }

    /** One panel: a feature and its lines. */
    public record Panel(String feature, List<Series> series) {
    }

    /** Dark, distinct line colours (the default palette's yellow and light green are hard to read on white). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};

    private FeaturePlot() {
    }

    /**
     * The panels of the named features from a feature table (columns {@code feature-field}); each line keeps at
     * most four points per bucket of {@code buckets} over the table's time span. Unknown names are an
     * {@link IllegalArgumentException} naming the table's features.
     */
    public static List<Panel> panels(FeatureTable table, List<String> features, int buckets) {
        int rows = table.rowCount();
        long[] times = new long[rows];
        for (int r = 0; r < rows; r++) {
            times[r] = table.timestamp(r);
        }
        long from = rows == 0 ? 0 : times[0];
        long to = rows == 0 ? 0 : times[rows - 1];
        List<Panel> panels = new ArrayList<>();
        for (String feature : features) {
            List<Series> lines = new ArrayList<>();
            boolean known = false;
            for (String column : table.columnNames()) {
                if (!column.startsWith(feature + "-")) {
                    continue;
                }
                known = true;
                int c = table.column(column);
                FieldType type = table.columnType(c);
                if (type != FieldType.DOUBLE && type != FieldType.LONG) {
                    continue;
                }
                double[] values = new double[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = table.isNull(r, c) ? Double.NaN : type == FieldType.LONG ? table.getLong(r, c) : table.getDouble(r, c);
                }
                Downsample.Points kept = rows == 0 ? new Downsample.Points(new long[0], new double[0]) : Downsample.m4(times, values, from, to, buckets);
                lines.add(new Series(column.substring(feature.length() + 1), kept.times(), kept.values()));
            }
            if (!known) {
                throw new IllegalArgumentException("no feature '" + feature + "' in the table; its features: " + featureNames(table));
            }
            panels.add(new Panel(feature, lines));
        }
        return panels;
    }

    /** The feature names of a table's columns ({@code feature-field}), in order. */
    public static List<String> featureNames(FeatureTable table) {
        List<String> names = new ArrayList<>();
        for (String column : table.columnNames()) {
            int dash = column.lastIndexOf('-');
            if (dash > 0 && !names.contains(column.substring(0, dash))) {
                names.add(column.substring(0, dash));
            }
        }
        return names;
    }

    /** The chart: panels stacked over one UTC time axis. */
    public static JFreeChart chart(String title, List<Panel> panels) {
        DateAxis time = new DateAxis("exchange time (UTC)");
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        SimpleDateFormat format = new SimpleDateFormat("HH:mm:ss", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(format);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);
        int colour = 0;
        for (Panel p : panels) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (Series s : p.series()) {
                XYSeries line = new XYSeries(p.feature() + "." + s.name(), false, true);
                for (int i = 0; i < s.times().length; i++) {
                    line.add(s.times()[i] / 1e6, s.values()[i], false); // DateAxis counts milliseconds
                }
                data.addSeries(line);
            }
            NumberAxis values = new NumberAxis(p.feature());
            values.setAutoRangeIncludesZero(false);
            XYStepRenderer lines = new XYStepRenderer();
            for (int i = 0; i < p.series().size(); i++) {
                lines.setSeriesPaint(i, PALETTE[colour++ % PALETTE.length]);
            }
            XYPlot panel = new XYPlot(data, null, values, lines);
            panel.setBackgroundPaint(Color.WHITE);
            panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
            panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.add(panel, 1);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Writes the chart as PNG, or SVG when {@code out} ends in {@code .svg}. */
    public static void write(JFreeChart chart, Path out, int width, int height) throws IOException {
        write(chart, out, width, height, out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg"));
    }

    /** Writes the chart as SVG or PNG, whatever the file is called. */
    public static void write(JFreeChart chart, Path out, int width, int height, boolean svg) throws IOException {
        System.setProperty("java.awt.headless", "true"); // no display: draw into images only
        if (svg) {
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle(0, 0, width, height));
            Files.writeString(out, g.getSVGDocument());
        } else {
            ChartUtils.saveChartAsPNG(out.toFile(), chart, width, height);
        }
    }
}
