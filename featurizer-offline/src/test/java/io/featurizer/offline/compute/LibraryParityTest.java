package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.DataDefinition;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.DefinitionRegistry;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticDerivatives;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feature library's offline parity (issue 14: "every feature computed by compute over storage equals
 * replay"): the realistic config {@code examples/library.yaml}, which must use every built-in feature
 * definition, over four minutes of recorded markets (one synthetic market per instrument, its own seed),
 * computed in parallel chunks that cut every window and bar, equals one replay of the whole recording,
 * output for output, bit for bit; and the feature table of chunked compute equals the sequential one.
 * The live side (the same config over the simulator's WebSocket, recorded and replayed) is the CLI's
 * {@code LibraryDemoTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibraryParityTest {
    static final long S = 1_000_000_000L;
    static final FeaturizerConfig CONFIG = FeaturizerConfig.load(Path.of("../examples/library.yaml"));
    /**
     * Definitions the library config need not show: the synthetic source (not market data), and the micro-price,
     * whose param is a table fitted on the user's own history (a file path relative to the working directory;
     * its compute parity is {@code BookFeaturesComputeParityTest}).
     */
    static final Set<String> NOT_IN_THE_EXAMPLE = Set.of("synthetic.synthetic_sine_mid_price", "book.micro_price");

    Storage storage;
    long first;
    long last;

    @BeforeAll
    void record(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        FeatureStreamGraph graph = FeatureStreamGraph.builder(CONFIG).build();
        List<Feature> sources = graph.getIns();
        // one market per instrument (exchange, type, symbol); each event goes to that instrument's source of its channel
        List<String> instruments = new ArrayList<>();
        for (Feature s : sources) {
            String id = instrument(s);
            if (!instruments.contains(id)) {
                instruments.add(id);
            }
        }
        List<SyntheticMarket> markets = new ArrayList<>();
        List<SyntheticDerivatives> derivatives = new ArrayList<>(); // each instrument's tickers (once a second) and liquidations
        for (int i = 0; i < instruments.size(); i++) {
            SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(100 + i).withRates(150, 40, 10));
            m.next();
            markets.add(m);
            derivatives.add(new SyntheticDerivatives(100 + i));
        }
        long end = markets.get(0).config().startNanos() + 240 * S;
        first = Long.MAX_VALUE;
        try (Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(2_000))) {
            List<DataSourceCallback> callbacks = new ArrayList<>();
            for (Feature s : sources) {
                callbacks.add(recorder.callback(s));
            }
            while (true) {
                int next = 0; // the market whose pending event is earliest
                for (int i = 1; i < markets.size(); i++) {
                    if (markets.get(i).event().ts() < markets.get(next).event().ts()) {
                        next = i;
                    }
                }
                SyntheticMarket m = markets.get(next);
                Event e = m.event();
                if (e.ts() > end) {
                    break;
                }
                route(sources, callbacks, instruments.get(next), m.channel().name().toLowerCase(Locale.ROOT), e);
                Event ticker = derivatives.get(next).tickerAt(e.ts(), m.truth());
                if (ticker != null) {
                    route(sources, callbacks, instruments.get(next), "derivative_ticker", ticker);
                }
                if (e instanceof Trade t) {
                    Event liquidation = derivatives.get(next).afterTrade(t);
                    if (liquidation != null) {
                        route(sources, callbacks, instruments.get(next), "liquidations", liquidation);
                    }
                }
                m.next();
            }
        }
    }

    /** Gives the event to the instrument's source of that channel, if the config reads it. */
    private void route(List<Feature> sources, List<DataSourceCallback> callbacks, String instrument, String channel, Event e) {
        for (int s = 0; s < sources.size(); s++) {
            Feature src = sources.get(s);
            if (instrument(src).equals(instrument) && ((DataSourceDefinition) src.definition()).channel().equals(channel)) {
                callbacks.get(s).onEvent(src, e);
                first = Math.min(first, e.ts());
                last = e.ts();
            }
        }
    }

    private static String instrument(Feature source) {
        return source.params().getString(DataSourceDefinition.EXCHANGE, "") + "/" + source.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "")
                + "/" + source.params().getString(DataSourceDefinition.SYMBOL, "");
    }

    @AfterAll
    void close() {
        storage.close();
    }

    @Test
    void theExampleUsesEveryBuiltInFeatureDefinition() {
        Set<String> used = new TreeSet<>();
        for (Feature f : CONFIG.features()) {
            collect(f, used);
        }
        DefinitionRegistry registry = DefinitionRegistry.getDefault();
        List<String> missing = new ArrayList<>();
        for (String name : registry.names()) {
            DataDefinition d = registry.get(name);
            if (!d.isDataSource() && !used.contains(d.name()) && !NOT_IN_THE_EXAMPLE.contains(d.name())) {
                missing.add(d.name());
            }
        }
        assertEquals(List.of(), missing, "built-in definitions examples/library.yaml does not use (add each to it)");
        assertTrue(CONFIG.features().size() >= 40, "40 features or more: " + CONFIG.features().size());
    }

    private static void collect(Feature f, Set<String> out) {
        out.add(f.definition().name());
        f.children().forEach(c -> collect(c, out));
    }

    /** Each feature's outputs over one replay of the whole recording, timed in [from, to]. */
    List<FeatureSeries> wholeReplay(long from, long to) {
        FeatureStreamGraph graph = FeatureStreamGraph.builder(CONFIG).build();
        List<FeatureSeries> out = new ArrayList<>();
        for (Feature f : CONFIG.features()) {
            FeatureSeries s = new FeatureSeries(f.schema());
            out.add(s);
            graph.addCallback(f, (feature, e) -> {
                if (e.ts() >= from && e.ts() <= to) {
                    s.append(e, 0, 0);
                }
            });
        }
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        emitter.feed(graph);
        emitter.runToEnd();
        return out;
    }

    @Test
    void chunkedComputeEqualsOneReplayForEveryFeature() {
        long from = first + 70 * S + 123_456_789L; // past the longest window's warm-up, not on a second
        long to = last - 3 * S - 987_654_321L;
        List<FeatureSeries> reference = wholeReplay(from, to);
        for (int f = 0; f < reference.size(); f++) {
            assertTrue(reference.get(f).size() > 0, CONFIG.features().get(f).name() + " has no output in the range: the test checks nothing for it");
        }
        for (long chunk : new long[] {11 * S, 37 * S}) {
            ChunkedReplay.Outputs parallel = new ChunkedReplay(storage, CONFIG.features(), CONFIG.ordering(), MergeOrder.INGESTION_SEQUENCE, 2, chunk, p -> { })
                    .run(from, to);
            assertTrue(parallel.chunks() > 3, "chunks: " + parallel.chunks());
            SeriesAssertions.assertSameOutputs(CONFIG.features(), reference, parallel.series(), chunk / S + " s chunks on 2 threads");
        }
    }

    @Test
    void theFeatureTableIsTheSameSequentialAndChunked() {
        long from = first + 65 * S + 250_000_000L;
        FeatureTable sequential = BatchCompute.of(storage, CONFIG).order(MergeOrder.INGESTION_SEQUENCE).run(from, last).table();
        assertTrue(sequential.rowCount() > 10_000, "rows: " + sequential.rowCount());
        ComputeResult parallel = BatchCompute.of(storage, CONFIG).order(MergeOrder.INGESTION_SEQUENCE).parallelism(2).chunkNanos(17 * S).run(from, last);
        assertTrue(parallel.report().chunks() > 3);
        ChunkedComputeParityTest.assertSameTable(sequential, parallel.table(), "17 s chunks");
    }
}
