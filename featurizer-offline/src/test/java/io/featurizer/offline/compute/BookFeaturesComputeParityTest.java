package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The book-shape and order-flow features computed in chunks equal one replay of the whole recording, bit for bit:
 * chunks of 7 and 13 s cut inside the 10 s OFI windows, and each chunk's first book (from the stored book) is the
 * OFI's reference exactly as the book before it was in the whole replay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookFeaturesComputeParityTest {
    static final long S = 1_000_000_000L;

    Storage storage;
    Recordings.Span span;
    FeaturizerConfig config;

    @BeforeAll
    void record(@TempDir Path dir) throws IOException {
        storage = Storage.open(dir.resolve("store"));
        span = Recordings.syntheticMarket(storage, dir.resolve("journal"), 17, 90, 400, 20, 0, 3_000);
        StringBuilder table = new StringBuilder("tick_size,spread_ticks,imbalance_bucket,imbalance_from,imbalance_to,observations,adjustment,iterations\n");
        for (int b = 0; b < 4; b++) {
            table.append("0.01,1,").append(b).append(',').append(b / 4.0).append(',').append((b + 1) / 4.0).append(",10,")
                    .append((b - 1.5) * 0.002).append(",4\n");
        }
        Path adj = Files.writeString(dir.resolve("adj.csv"), table);
        String src = Recordings.SYMBOL;
        config = FeaturizerConfig.parse("feature_configs:" + """

                  - feature_definition: book.spread_bps
                    name: spread_bps
                    params: {data_source: [%1$s], feature: {1: {depth: 5}}}
                  - feature_definition: book.weighted_mid
                    name: weighted_mid
                    params: {data_source: [%1$s], feature: {1: {depth: 5}}}
                  - feature_definition: book.depth_imbalance
                    name: depth_imbalance
                    params: {data_source: [%1$s], feature: {0: {depth: 5, decay: 0.5}, 1: {depth: 5}}}
                  - feature_definition: book.slope
                    name: slope
                    params: {data_source: [%1$s], feature: {0: {depth: 5}, 1: {depth: 5}}}
                  - feature_definition: book.depth_within_bps
                    name: depth_5bps
                    params: {data_source: [%1$s], feature: {0: {bps: 5}, 1: {depth: 25}}}
                  - feature_definition: flow.ofi
                    name: ofi_10s
                    params: {data_source: [%1$s], feature: {0: {window: 10s}, 1: {depth: 1}}}
                  - feature_definition: flow.multi_level_ofi
                    name: mlofi_10s
                    params: {data_source: [%1$s], feature: {0: {window: 10s, depth: 3}, 1: {depth: 5}}}
                  - feature_definition: book.micro_price
                    name: micro_price
                    params: {data_source: [%1$s], feature: {0: {table: '%2$s'}, 1: {depth: 1}}}
                """.formatted(src, adj), "book-parity.yaml");
    }

    @AfterAll
    void close() {
        storage.close();
    }

    List<FeatureSeries> wholeReplay(MergeOrder order, long from, long to) {
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).build();
        List<FeatureSeries> out = new ArrayList<>();
        for (Feature f : config.features()) {
            FeatureSeries s = new FeatureSeries(f.schema());
            out.add(s);
            graph.addCallback(f, (feature, e) -> {
                if (e.ts() >= from && e.ts() <= to) {
                    s.append(e, 0, 0);
                }
            });
        }
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(order);
        emitter.feed(graph);
        emitter.runToEnd();
        return out;
    }

    @Test
    void chunksGiveTheWholeReplayBitForBit() {
        long from = span.first() + 12 * S + 123_456_789L; // more than a window of history before
        long to = span.last() - 3 * S;
        List<FeatureSeries> reference = wholeReplay(MergeOrder.INGESTION_SEQUENCE, from, to);
        for (int f = 0; f < reference.size(); f++) {
            assertTrue(reference.get(f).size() > 100, config.features().get(f).name() + ": " + reference.get(f).size() + " outputs");
        }
        for (long chunk : new long[] {7 * S, 13 * S}) {
            ChunkedReplay.Outputs parallel = new ChunkedReplay(storage, config.features(), config.ordering(), MergeOrder.INGESTION_SEQUENCE, 2, chunk,
                    p -> { }).run(from, to);
            assertTrue(parallel.chunks() >= 5, "chunks: " + parallel.chunks());
            List<FeatureSeries> actual = parallel.series();
            for (int f = 0; f < reference.size(); f++) {
                FeatureSeries e = reference.get(f), a = actual.get(f);
                String what = chunk / S + " s chunks, " + config.features().get(f).name();
                for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                    if (!e.event(i).equals(a.event(i))) {
                        throw new AssertionError(what + ": first difference at output " + i + "\nexpected " + e.event(i) + "\nactual   " + a.event(i));
                    }
                }
                assertEquals(e.size(), a.size(), what + ": outputs");
            }
        }
    }
}
