package io.featurizer.core.config;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.definitions.OhlcvFD;
import io.featurizer.core.definitions.SyntheticSineMidPrice;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example config runs: a {@link FeatureStreamGraph} built from it, fed synthetic input routed to the
 * graph's inputs by channel, produces combined feature vectors; a few values are checked independently.
 */
class ExamplesRunTest {
    private static final long NS = 1_000_000_000L;
    private static final long SEED = 42;

    /** The graph's input ranks for each channel ({@code l2_book}, {@code trades}, {@code ticker}, ...). */
    private static Map<String, int[]> inputsByChannel(FeatureStreamGraph graph) {
        Map<String, List<Integer>> m = new HashMap<>();
        List<Feature> ins = graph.getIns();
        for (int i = 0; i < ins.size(); i++) {
            String channel = ((DataSourceDefinition) ins.get(i).definition()).channel();
            m.computeIfAbsent(channel, k -> new ArrayList<>()).add(graph.sourceIndex(ins.get(i)));
        }
        Map<String, int[]> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    private static String channelOf(SyntheticMarket.Channel c) {
        return c.name().toLowerCase(Locale.ROOT); // L2_BOOK -> l2_book, TRADES -> trades, TICKER -> ticker
    }

    /**
     * Runs {@code seconds} of a synthetic market (rates per second: book, trades, tickers) into the graph,
     * each event to every input of its channel; {@code afterEach} sees the market after each routed event.
     * Returns the number of events routed.
     */
    private static long feed(FeatureStreamGraph graph, SyntheticMarket.Config config, long seconds, Consumer<SyntheticMarket> afterEach) {
        Map<String, int[]> inputs = inputsByChannel(graph);
        SyntheticMarket market = new SyntheticMarket(config);
        long end = config.startNanos() + seconds * NS;
        long routed = 0;
        while (true) {
            SyntheticMarket.Channel ch = market.next();
            Event e = market.event();
            if (e.ts() > end) {
                break;
            }
            int[] targets = inputs.get(channelOf(ch));
            if (targets == null) {
                continue;
            }
            for (int t : targets) {
                graph.emit(t, e);
                routed++;
            }
            afterEach.accept(market);
        }
        graph.flush();
        return routed;
    }

    private static List<String> channels(FeatureStreamGraph graph) {
        return graph.getIns().stream().map(f -> ((DataSourceDefinition) f.definition()).channel()).toList();
    }

    // ---------------------------------------------------------------- design-section9.yaml

    @Test
    void designSection9() {
        FeaturizerConfig config = ConfigLoaderTest.example("design-section9.yaml");
        List<GroupedNamedDataEvent> vectors = new ArrayList<>();
        FeatureStreamGraph graph = new FeatureStreamGraph(config, true, g -> vectors.add(g.copy()));
        assertEquals(List.of("ticker"), channels(graph));
        assertEquals(config.features(), graph.getOuts());

        // book messages move the market (and are not routed: the config has no l2_book input); tickers quote it
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(SEED).withRates(200, 0, 50).withStart(config.startNanos());
        long routed = feed(graph, market, 150, m -> assertEquals(SyntheticMarket.Channel.TICKER, m.channel()));
        assertTrue(routed > 5_000, "routed " + routed);
        assertEquals(routed, graph.inputCount(0));
        assertTrue(vectors.size() > 100, "combined vectors: " + vectors.size());

        Feature vol = config.features().get(0);
        Feature diff = config.features().get(1);
        long prevTs = Long.MIN_VALUE;
        for (GroupedNamedDataEvent g : vectors) {
            assertEquals(2, g.size());
            double v = g.get(vol).getDouble(0);
            double d = g.get(diff).getDouble(0);
            assertTrue(v >= 0 && Double.isFinite(v), "volatility " + v);
            assertTrue(Double.isFinite(d), "diff " + d);
            assertTrue(g.ts() >= prevTs);
            assertTrue(g.ts() >= config.startNanos());
            prevTs = g.ts();
        }
        // the diff needs a non-zero first volatility in its 30 s window, so vectors start well after the first quote
        assertTrue(vectors.get(0).ts() > config.startNanos() + 30 * NS, "first vector at " + (vectors.get(0).ts() - config.startNanos()));
    }

    // ---------------------------------------------------------------- svoe-volatility-mid-ticker.yaml

    /** Mid price and 1-minute volatility from the ticker, checked against a direct computation over the quotes. */
    @Test
    void volatilityAndMidFromTickerMatchADirectComputation() {
        FeaturizerConfig config = ConfigLoaderTest.example("svoe-volatility-mid-ticker.yaml");
        Feature vol = config.feature("volatility");
        Feature mid = config.feature("mid_price");
        long window = 60 * NS;

        // independent model: distinct consecutive mids (ts, value) of the quotes fed so far
        Deque<double[]> mids = new ArrayDeque<>();
        double[] lastQuoteMid = {Double.NaN};
        long[] vectors = {0};
        long[] midChanges = {0};
        FeatureStreamGraph graph = new FeatureStreamGraph(config, true, g -> {
            vectors[0]++;
            assertEquals(lastQuoteMid[0], g.get(mid).getDouble(0), "mid = (bid + ask) / 2 of the last quote");
            assertEquals(lastQuoteMid[0], g.get("mid_price").getDouble(0));
            // population std of the mids with t - w <= ts <= t
            double t = mids.peekLast()[0];
            double sum = 0;
            int n = 0;
            for (double[] m : mids) {
                if (t - m[0] <= window) {
                    sum += m[1];
                    n++;
                }
            }
            double mean = sum / n;
            double sq = 0;
            for (double[] m : mids) {
                if (t - m[0] <= window) {
                    sq += (m[1] - mean) * (m[1] - mean);
                }
            }
            double expected = Math.sqrt(sq / n);
            assertEquals(expected, g.get(vol).getDouble(0), 1e-7, "volatility over " + n + " mids");
        });
        assertEquals(List.of("ticker"), channels(graph));

        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(SEED).withRates(200, 0, 40).withStart(config.startNanos());
        Map<String, int[]> inputs = inputsByChannel(graph);
        int tickerInput = inputs.get("ticker")[0];
        SyntheticMarket m = new SyntheticMarket(market);
        long end = market.startNanos() + 150 * NS;
        long quotes = 0;
        while (true) {
            SyntheticMarket.Channel ch = m.next();
            if (m.event().ts() > end) {
                break;
            }
            if (ch != SyntheticMarket.Channel.TICKER) {
                continue; // a ticker-only config: book messages have no input here
            }
            Quote q = (Quote) m.event();
            double qm = (q.bidPrice() + q.askPrice()) / 2;
            if (mids.isEmpty() || mids.peekLast()[1] != qm) {
                mids.addLast(new double[] {q.ts() - market.startNanos(), qm}); // relative ns: exact in a double
                midChanges[0]++;
            }
            lastQuoteMid[0] = qm;
            graph.emit(tickerInput, q);
            quotes++;
        }
        assertTrue(quotes > 3_000, "quotes " + quotes);
        assertTrue(midChanges[0] > 50, "mid changes " + midChanges[0]);
        assertEquals(midChanges[0], vectors[0], "one combined vector per change of the mid");
    }

    // ---------------------------------------------------------------- svoe-synthetic-sine.yaml

    @Test
    void svoeSyntheticSine() {
        FeaturizerConfig config = ConfigLoaderTest.example("svoe-synthetic-sine.yaml");
        long[] count = {0};
        long[] lastTs = {Long.MIN_VALUE};
        double[] minMax = {Double.MAX_VALUE, -Double.MAX_VALUE};
        FeatureStreamGraph graph = new FeatureStreamGraph(config, true, g -> {
            long ts = g.ts();
            if (count[0] == 0) {
                assertEquals(config.startNanos(), ts);
            } else {
                assertEquals(lastTs[0] + NS, ts, "step: 1 (second)");
            }
            lastTs[0] = ts;
            count[0]++;
            double v = g.event(0).getDouble(0);
            minMax[0] = Math.min(minMax[0], v);
            minMax[1] = Math.max(minMax[1], v);
            // 2000 * sin(2 * pi * 5 Hz * t) + 10000 with t a whole number of seconds: every sample is on a zero of the sine
            assertEquals(10000.0, v, 1e-6);
        });
        assertEquals(List.of("synthetic_sine_mid_price"), channels(graph));
        Feature sine = graph.getIns().get(0);
        assertEquals(config.features().get(0), sine);

        SyntheticSineMidPrice.generate(sine.params(), config.startNanos(), config.endNanos(), e -> graph.emit(0, e));
        assertEquals(23 * 3600 + 1, count[0], "00:00:00 .. 23:00:00 inclusive, one per second");
        assertEquals(config.endNanos(), lastTs[0]);
        assertEquals(10000.0, minMax[0], 1e-6);
        assertEquals(10000.0, minMax[1], 1e-6);

        // the same source at a step that is not a whole period of the sine covers its range
        List<Double> values = new ArrayList<>();
        SyntheticSineMidPrice.generate(sine.params().with("step", 0.01), config.startNanos(), config.startNanos() + NS,
                e -> values.add(e.getDouble(0)));
        assertEquals(101, values.size());
        assertEquals(12000.0, values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 1e-6);
        assertEquals(8000.0, values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), 1e-6);
    }

    // ---------------------------------------------------------------- svoe-feature-label-set.yaml

    @Test
    void svoeFeatureLabelSet() {
        FeaturizerConfig config = ConfigLoaderTest.example("svoe-feature-label-set.yaml");
        List<GroupedNamedDataEvent> vectors = new ArrayList<>();
        FeatureStreamGraph graph = new FeatureStreamGraph(config, true, g -> vectors.add(g.copy()));
        assertEquals(List.of("l2_book"), channels(graph));
        assertEquals(5, graph.getOuts().size());

        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(SEED).withRates(300, 50, 50).withStart(config.startNanos());
        double[] range = {Double.MAX_VALUE, -Double.MAX_VALUE};
        long routed = feed(graph, market, 90, m -> {
            assertEquals(SyntheticMarket.Channel.L2_BOOK, m.channel());
            OrderBook b = m.truth();
            range[0] = Math.min(range[0], (b.bids().price(0) + b.asks().price(0)) / 2);
            range[1] = Math.max(range[1], (b.bids().price(0) + b.asks().price(0)) / 2);
        });
        assertTrue(routed > 20_000, "routed " + routed);
        assertTrue(vectors.size() > 20, "combined vectors: " + vectors.size());

        Feature mid = config.feature("mid_price");
        for (GroupedNamedDataEvent g : vectors) {
            double p = g.get(mid).getDouble(0);
            assertTrue(p >= range[0] && p <= range[1], "mid " + p + " outside " + range[0] + ".." + range[1]);
            // the L2 snapshot is sampled every second: each mid comes from a bucket boundary
            for (String name : List.of("mid_price_20s_diff", "mid_price_10s_diff", "mid_price_5s_diff", "mid_price_1s_diff")) {
                double d = g.get(name).getDouble(0);
                assertTrue(Double.isFinite(d) && Math.abs(d) < 0.05, name + " = " + d);
            }
        }
        // mids come from the 1 s sampling of the book: at most one new mid per second
        long distinctMidTimes = vectors.stream().filter(g -> g.get(mid) != null).map(g -> g.get(mid).ts() / NS).distinct().count();
        assertTrue(distinctMidTimes <= 91, "mid timestamps " + distinctMidTimes);
    }

    // ---------------------------------------------------------------- demo.yaml

    @Test
    void demo() {
        FeaturizerConfig config = ConfigLoaderTest.example("demo.yaml");
        Feature top5 = config.feature("book_top5");
        Feature top25 = config.feature("book_top25");
        Feature mid = config.feature("mid_price");
        Feature spread = config.feature("spread");
        Feature vol = config.feature("volatility_1m");
        Feature tvi = config.feature("tvi_1m");
        Feature ohlcv = config.feature("ohlcv_1m");
        SyntheticMarket[] market = new SyntheticMarket[1];
        long[] vectors = {0};
        long[] bars = {0};
        long[] lastBarTs = {Long.MIN_VALUE};
        FeatureStreamGraph graph = new FeatureStreamGraph(config, true, g -> {
            vectors[0]++;
            assertEquals(7, g.size());
            OrderBook truth = market[0].truth();
            double bid = truth.bids().price(0);
            double ask = truth.asks().price(0);
            assertEquals((bid + ask) / 2, g.get(mid).getDouble(0), "mid of the current book");
            assertEquals(2 * Math.abs(bid - ask) / (bid + ask), g.get(spread).getDouble(0), 1e-15, "relative spread");
            checkTop(truth, g.get(top5), 5);
            checkTop(truth, g.get(top25), 25);
            double v = g.get(vol).getDouble(0);
            assertTrue(v >= 0 && Double.isFinite(v), "volatility " + v);
            double t = g.get(tvi).getDouble(0);
            assertTrue(t >= -2 && t <= 2, "tvi " + t);
            Event bar = g.get(ohlcv);
            if (bar.ts() != lastBarTs[0]) {
                bars[0]++;
                lastBarTs[0] = bar.ts();
                assertEquals(0, bar.ts() % (60 * NS), "bars end on whole minutes");
                assertTrue(OhlcvFD.NUM_TRADES.get(bar) > 0);
                double lo = OhlcvFD.LOW.get(bar);
                double hi = OhlcvFD.HIGH.get(bar);
                assertTrue(lo <= OhlcvFD.OPEN.get(bar) && OhlcvFD.OPEN.get(bar) <= hi);
                assertTrue(lo <= OhlcvFD.CLOSE.get(bar) && OhlcvFD.CLOSE.get(bar) <= hi);
                double vwap = OhlcvFD.VWAP.get(bar);
                assertTrue(lo - 1e-6 <= vwap && vwap <= hi + 1e-6, "vwap " + vwap + " outside " + lo + ".." + hi);
            }
        });
        assertEquals(List.of("l2_book", "trades"), channels(graph).stream().sorted().toList());
        assertEquals(7, graph.getOuts().size());

        SyntheticMarket.Config cfg = SyntheticMarket.Config.defaults(SEED).withRates(500, 100, 0);
        market[0] = new SyntheticMarket(cfg);
        Map<String, int[]> inputs = inputsByChannel(graph);
        long end = cfg.startNanos() + 150 * NS;
        long routed = 0;
        while (true) {
            SyntheticMarket.Channel ch = market[0].next();
            Event e = market[0].event();
            if (e.ts() > end) {
                break;
            }
            for (int i : inputs.getOrDefault(channelOf(ch), new int[0])) {
                graph.emit(i, e);
                routed++;
            }
        }
        assertTrue(routed > 50_000, "routed " + routed);
        assertTrue(vectors[0] > 1_000, "combined vectors: " + vectors[0]);
        assertTrue(bars[0] >= 1, "OHLCV bars: " + bars[0]);
    }

    private static void checkTop(OrderBook truth, Event snapshot, int depth) {
        int n = Math.min(depth, truth.bids().count());
        double[] bidPrices = new double[n];
        double[] bidSizes = new double[n];
        for (int i = 0; i < n; i++) {
            bidPrices[i] = truth.bids().price(i);
            bidSizes[i] = truth.bids().size(i);
        }
        int k = Math.min(depth, truth.asks().count());
        double[] askPrices = new double[k];
        double[] askSizes = new double[k];
        for (int i = 0; i < k; i++) {
            askPrices[i] = truth.asks().price(i);
            askSizes[i] = truth.asks().size(i);
        }
        assertEquals(n, snapshot.arrayLength(L2SnapshotFD.BID_PRICES));
        assertEquals(k, snapshot.arrayLength(L2SnapshotFD.ASK_PRICES));
        assertArrayEquals(bidPrices, java.util.Arrays.copyOf(snapshot.getArray(L2SnapshotFD.BID_PRICES), n));
        assertArrayEquals(bidSizes, java.util.Arrays.copyOf(snapshot.getArray(L2SnapshotFD.BID_SIZES), n));
        assertArrayEquals(askPrices, java.util.Arrays.copyOf(snapshot.getArray(L2SnapshotFD.ASK_PRICES), k));
        assertArrayEquals(askSizes, java.util.Arrays.copyOf(snapshot.getArray(L2SnapshotFD.ASK_SIZES), k));
    }
}
