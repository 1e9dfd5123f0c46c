package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.feature.DataDefinition;
import io.featurizer.core.feature.DefinitionRegistry;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticInstruments;
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
        List<Feature> sources = FeatureStreamGraph.builder(CONFIG).build().getIns();
        SyntheticInstruments markets = new SyntheticInstruments(sources, 100, 150, 40);
        try (Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(2_000))) {
            List<DataSourceCallback> callbacks = new ArrayList<>();
            for (Feature s : sources) {
                callbacks.add(recorder.callback(s));
            }
            markets.play(240 * S, callbacks);
        }
        first = markets.first();
        last = markets.last();
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
