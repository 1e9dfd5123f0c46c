package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.DataKind;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.offline.MergeOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.featurizer.offline.compute.ChunkedComputeParityTest.assertSameTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code features_to_store}: computed features written as blocks, then read back instead of recomputed where a block covers the range. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureCacheTest {
    static final long S = 1_000_000_000L;
    static final String FEATURES = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid_price
                params: {data_source: [%1$s]}
              - feature_definition: volatility.volatility_stddev_fd
                name: volatility_1m
                params: {data_source: [%1$s], feature: {0: {window: 1m}}}
              - feature_definition: ohlcv.ohlcv_fd
                name: ohlcv_10s
                params: {data_source: [%1$s], feature: {0: {window: 10s}}}
            """.formatted(Recordings.SYMBOL);

    Storage storage;
    Recordings.Span span;

    @BeforeAll
    void record(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        span = Recordings.syntheticMarket(storage, dir.resolve("journal"), 3, 120, 300, 60, 0, 5_000);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    static FeaturizerConfig config(String store) {
        return FeaturizerConfig.parse("label_feature: 0\nlabel_lookahead: 2s\n" + store + FEATURES, "cache.yaml");
    }

    List<BlockMetadata> computedBlocks(Feature f) {
        return storage.blocks(StreamId.of(f), Long.MIN_VALUE, Long.MAX_VALUE).stream().filter(b -> b.compaction().equals("compute")).toList();
    }

    @Test
    void storedFeaturesAreReusedOverACoveredRangeAndGiveTheSameTable() {
        FeaturizerConfig c = config("features_to_store: [1, 2]\n");
        Feature volatility = c.features().get(1), bars = c.features().get(2);
        long from = span.first() + 65 * S, to = span.last() - 3 * S;

        int volBefore = computedBlocks(volatility).size(), barsBefore = computedBlocks(bars).size(); // the other test shares the storage
        ComputeResult first = BatchCompute.of(storage, c).order(MergeOrder.INGESTION_SEQUENCE).run(from, to);
        assertEquals(List.of(), first.report().reused());
        assertEquals(List.of("volatility_1m", "ohlcv_10s"), first.report().stored());
        List<BlockMetadata> volBlocks = computedBlocks(volatility).stream().filter(b -> b.startTs() == from).toList();
        assertEquals(volBefore + 1, computedBlocks(volatility).size());
        assertEquals(1, volBlocks.size(), "the block covers the computed range, not just from its first output");
        assertEquals(DataKind.FEATURE, volBlocks.get(0).kind());
        assertEquals(to, volBlocks.get(0).endTs());
        assertEquals(java.util.Optional.empty(), storage.verify(volBlocks.get(0)), "a covered-range block verifies (range hashed as extras)");
        // a store from before the hash change, migrated: the covered range is hashed again, back to the same hash
        BlockMetadata vb = volBlocks.get(0);
        assertTrue(storage.catalog().setBlockHash(vb, "an-older-hash"));
        BlockMetadata old = new BlockMetadata(vb.kind(), vb.key(), vb.path(), "an-older-hash", vb.compaction(), vb.startTs(), vb.endTs(),
                vb.eventCount(), vb.sizeBytes());
        assertEquals(java.util.Optional.of(vb.hash()), storage.rehash(old, true));
        assertEquals(java.util.Optional.empty(), storage.rehash(vb, true), "already current");
        assertTrue(storage.catalog().features().stream().anyMatch(m -> m.key().equals(volatility.key())), "the feature is in the catalog");

        // the same range again: both stored features are read, only the mid price is replayed; the table is the same
        ComputeResult second = BatchCompute.of(storage, c).order(MergeOrder.INGESTION_SEQUENCE).run(from, to);
        assertEquals(List.of("volatility_1m", "ohlcv_10s"), second.report().reused());
        assertEquals(List.of(), second.report().stored(), "nothing new to store");
        assertSameTable(first.table(), second.table(), "cached vs computed");
        assertEquals(volBefore + 1, computedBlocks(volatility).size(), "no second block");

        // a range inside: still covered; the same table as a fresh compute of that range
        long innerFrom = from + 7 * S + 1, innerTo = to - 11 * S;
        ComputeResult inner = BatchCompute.of(storage, c).order(MergeOrder.INGESTION_SEQUENCE).run(innerFrom, innerTo);
        assertEquals(List.of("volatility_1m", "ohlcv_10s"), inner.report().reused());
        ComputeResult fresh = BatchCompute.of(storage, c).order(MergeOrder.INGESTION_SEQUENCE).useStored(false).store(List.of()).run(innerFrom, innerTo);
        assertEquals(List.of(), fresh.report().reused());
        assertSameTable(fresh.table(), inner.table(), "inner range: cached vs fresh");

        // a range reaching past the stored one is recomputed, then stored as a block of its own
        ComputeResult wider = BatchCompute.of(storage, c).order(MergeOrder.INGESTION_SEQUENCE).run(from - 5 * S, to);
        assertEquals(List.of(), wider.report().reused());
        assertEquals(barsBefore + 2, computedBlocks(bars).size());
    }

    @Test
    void everyFeatureStoredMeansNoReplayAtAll() {
        FeaturizerConfig c = config("features_to_store: [0, 1, 2]\n");
        long from = span.first() + 30 * S, to = span.first() + 90 * S;
        ComputeResult first = BatchCompute.of(storage, c).run(from, to);
        assertTrue(first.report().inputEvents() > 10_000, "inputs: " + first.report().inputEvents());
        ComputeResult second = BatchCompute.of(storage, c).run(from, to);
        assertEquals(List.of("mid_price", "volatility_1m", "ohlcv_10s"), second.report().reused());
        assertEquals(0, second.report().chunks());
        assertEquals(0, second.report().inputEvents());
        assertSameTable(first.table(), second.table(), "all cached vs computed (the label's end of data comes from storage either way)");
    }

    @Test
    void aStoredFeatureWhoseInputsChangedIsRecomputedSaidSoAndReplaced(@TempDir Path dir) {
        try (Storage own = Storage.open(dir.resolve("store"))) {
            Recordings.Span sp = Recordings.syntheticMarket(own, dir.resolve("journal"), 5, 90, 300, 60, 0, 5_000);
            FeaturizerConfig c = config("features_to_store: [1, 2]\n");
            Feature volatility = c.features().get(1), bars = c.features().get(2);
            long from = sp.first() + 65 * S, to = sp.last() - 3 * S;
            ComputeResult first = BatchCompute.of(own, c).run(from, to);
            assertEquals(List.of("volatility_1m", "ohlcv_10s"), first.report().stored());

            // more trades ingested inside the computed range: a new block of the trades stream
            long t = from + 2 * S + 123;
            List<io.featurizer.core.event.Trade> extra = List.of(
                    new io.featurizer.core.event.Trade().set(t, t + 1, 1, 1_000_000.0, 3.0, 987_654_321L),
                    new io.featurizer.core.event.Trade().set(t + 5, t + 6, 0, 1.0, 2.0, 987_654_322L));
            own.writeBlock(StreamId.of(Recordings.TRADES), "manual", extra, new long[] {1, 2});
            int seen = 0;
            try (var read = own.read(Recordings.TRADES, from, to)) {
                while (read.next()) {
                    seen += read.current().getDouble(1) == 1_000_000.0 ? 1 : 0;
                }
            }
            assertEquals(1, seen, "the stream merge reads the new block with the recorded one");

            ComputeResult second = BatchCompute.of(own, c).run(from, to);
            assertEquals(List.of("volatility_1m"), second.report().reused(), "the book did not change: its feature is still reused");
            assertEquals(List.of("ohlcv_10s"), second.report().stale(), "the bars were computed from the trades as they were");
            ComputeResult fresh = BatchCompute.of(own, c).useStored(false).store(List.of()).run(from, to);
            assertSameTable(fresh.table(), second.table(), "recomputed after new input");
            int high = fresh.table().column("ohlcv_10s-high");
            boolean sawExtra = false;
            for (int r = 0; r < fresh.table().rowCount(); r++) {
                sawExtra |= !fresh.table().isNull(r, high) && fresh.table().getDouble(r, high) == 1_000_000.0;
            }
            java.util.TreeSet<Double> highs = new java.util.TreeSet<>();
            for (int r = 0; r < fresh.table().rowCount(); r++) {
                if (!fresh.table().isNull(r, high)) highs.add(fresh.table().getDouble(r, high));
            }
            assertTrue(sawExtra, "the new trade is in the bars " + highs + " cols " + fresh.table().columnNames());
            List<BlockMetadata> barBlocks = own.blocks(StreamId.of(bars), Long.MIN_VALUE, Long.MAX_VALUE).stream()
                    .filter(b -> b.compaction().equals("compute")).toList();
            assertEquals(1, barBlocks.size(), "the stale block was replaced, not kept beside the new one");

            ComputeResult third = BatchCompute.of(own, c).run(from, to);
            assertEquals(List.of("volatility_1m", "ohlcv_10s"), third.report().reused(), "the new block is reused");
            assertSameTable(fresh.table(), third.table(), "reused after recompute");
            assertEquals(volatility.key(), c.features().get(1).key());
        }
    }
}
