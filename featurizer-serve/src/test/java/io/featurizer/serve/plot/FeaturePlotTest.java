package io.featurizer.serve.plot;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plot of stored features: hand-made books recorded into a real store, computed by {@code BatchCompute},
 * drawn as PNG and SVG. The lines carry the mids worked out by hand; the SVG's time labels are in UTC
 * even when the JVM's zone is not.
 */
class FeaturePlotTest {
    static final long T0 = 1_675_245_600_000_000_000L; // 2023-02-01T10:00:00Z
    static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    /** Books every 10 s for 2 minutes: bid 100 + k, ask 102 + k, so mid k = 101 + k, spread 2 / (201 + 2k). */
    FeatureTable table() {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        try (Storage storage = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(5))) {
                for (int k = 0; k <= 12; k++) {
                    long t = T0 + k * 10 * S;
                    r.callback(book).onEvent(book, new BookUpdate().reset(t, t, true).sequence(k, k, k - 1).addBid(100 + k, 1).addAsk(102 + k, 1));
                }
            }
            FeaturizerConfig config = FeaturizerConfig.parse("""
                    feature_configs:
                      - feature_definition: price.mid_price_fd
                        name: mid
                        params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                      - feature_definition: spread.relative_bid_ask_spread_fd
                        name: spread
                        params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                    """, "plot.yaml");
            return BatchCompute.of(storage, config).run(T0, T0 + 120 * S).table();
        }
    }

    @Test
    void panelsCarryEachFeaturesValuesAtTheirTimes() {
        List<FeaturePlot.Panel> panels = FeaturePlot.panels(table(), List.of("mid", "spread"), 800);
        assertEquals(2, panels.size());
        FeaturePlot.Series mid = panels.get(0).series().get(0);
        assertEquals("mid_price", mid.name());
        assertEquals(13, mid.times().length, "13 books, fewer than the buckets: all kept");
        for (int k = 0; k <= 12; k++) {
            assertEquals(T0 + k * 10 * S, mid.times()[k]);
            assertEquals(101.0 + k, mid.values()[k]);
        }
        FeaturePlot.Series spread = panels.get(1).series().get(0);
        assertEquals(2.0 * 2 / 202, spread.values()[0], 1e-15); // 2·|bid − ask| / (bid + ask) = 4 / 202
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeaturePlot.panels(table(), List.of("midd"), 10));
        assertTrue(e.getMessage().contains("no feature 'midd'") && e.getMessage().contains("mid, spread"), e.getMessage());
    }

    @Test
    void pngHasTheAskedSizeAndSvgTimesAreUtc() throws Exception {
        List<FeaturePlot.Panel> panels = FeaturePlot.panels(table(), List.of("mid", "spread"), 800);
        Path png = dir.resolve("chart.png");
        FeaturePlot.write(FeaturePlot.chart("features", panels), png, 900, 500);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());

        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York")); // 05:00 there: labels must still say 10:0x
        Path svg = dir.resolve("chart.svg");
        try {
            FeaturePlot.write(FeaturePlot.chart("features", panels), svg, 900, 500);
        } finally {
            TimeZone.setDefault(before);
        }
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // no network here
        Document doc = xml.newDocumentBuilder().parse(svg.toFile());
        NodeList texts = doc.getElementsByTagName("text");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            labels.add(texts.item(i).getTextContent().trim());
        }
        assertTrue(labels.contains("mid.mid_price") && labels.contains("spread.spread"), "legend: " + labels);
        assertTrue(labels.contains("exchange time (UTC)"), labels.toString());
        List<String> times = labels.stream().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d")).toList();
        assertTrue(times.contains("10:00:00") && times.contains("10:02:00") && times.stream().allMatch(l -> l.startsWith("10:0")),
                "time ticks in UTC (10:00 to 10:02; 05:00 in New York): " + times);
    }
}
