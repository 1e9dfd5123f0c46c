package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Features whose output depends on the whole history (volume and tick-imbalance bars, an event-count EWMA, a lag, a
 * range-volatility estimator over a count of bars): compute over a range that starts mid-recording, sequential and in
 * chunks, equals one replay of the whole recording cut to the range, bit for bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WholeHistoryComputeParityTest {
    static final long S = 1_000_000_000L;
    static final FeaturizerConfig CONFIG = FeaturizerConfig.parse("""
            feature_configs:
              - feature_definition: bars.volume
                name: volume_bars
                params: {data_source: [%1$s], feature: {0: {volume: 3}}}
              - feature_definition: bars.tick_imbalance
                name: imbalance_bars
                params: {data_source: [%1$s], feature: {0: {initial_ticks: 20, span: 5}}}
              - feature_definition: price.mid_price_fd
                name: mid
                params: {data_source: [%1$s]}
              - feature_definition: transforms.ewma
                deps: [mid]
                params: {feature: {0: {half_life_events: 50}}}
              - feature_definition: transforms.lag
                deps: [mid]
                params: {feature: {0: {events: 30}}}
              - feature_definition: returns.yang_zhang
                deps: [volume_bars]
                params: {feature: {0: {bars: 10}}}
            """.formatted(Recordings.SYMBOL), "whole-history.yaml");

    Storage storage;
    Recordings.Span span;

    @BeforeAll
    void record(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        span = Recordings.syntheticMarket(storage, dir.resolve("journal"), 5, 60, 300, 60, 100_000, 2_000);
    }

    @AfterAll
    void close() {
        storage.close();
    }

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

    static void assertSameOutputs(List<FeatureSeries> expected, List<FeatureSeries> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int f = 0; f < expected.size(); f++) {
            String feature = what + ", " + CONFIG.features().get(f).name();
            assertEquals(expected.get(f).size(), actual.get(f).size(), feature + ": outputs");
            for (int i = 0; i < expected.get(f).size(); i++) {
                assertEquals(expected.get(f).event(i), actual.get(f).event(i), feature + ": output " + i); // times and values, bit for bit
            }
        }
    }

    @Test
    void theWarmUpIsTheWholeHistoryAndTheDefaultIsOneChunk() {
        assertEquals(FeatureDefinition.WHOLE_HISTORY, BatchCompute.warmUpNanos(CONFIG.features()));
        assertEquals(span.last() - span.first() + 1, ChunkPlan.defaultChunkNanos(span.first(), span.last(), 2, FeatureDefinition.WHOLE_HISTORY));
    }

    @Test
    void computeFromMidRecordingEqualsTheWholeReplay() {
        long from = span.first() + 23 * S + 456_789L, to = span.last() - 3 * S;
        List<FeatureSeries> reference = wholeReplay(from, to);
        for (int f = 0; f < reference.size(); f++) {
            assertTrue(reference.get(f).size() >= 3, CONFIG.features().get(f).name() + ": " + reference.get(f).size() + " outputs in range");
        }
        ChunkedReplay.Outputs byDefault = new ChunkedReplay(storage, CONFIG.features(), CONFIG.ordering(), MergeOrder.INGESTION_SEQUENCE, 2, 0,
                p -> { }).run(from, to);
        assertEquals(1, byDefault.chunks());
        assertSameOutputs(reference, byDefault.series(), "default plan");
        ChunkedReplay.Outputs chunked = new ChunkedReplay(storage, CONFIG.features(), CONFIG.ordering(), MergeOrder.INGESTION_SEQUENCE, 2, 7 * S,
                p -> { }).run(from, to);
        assertTrue(chunked.chunks() > 3);
        assertSameOutputs(reference, chunked.series(), "7 s chunks on 2 threads");
    }
}
