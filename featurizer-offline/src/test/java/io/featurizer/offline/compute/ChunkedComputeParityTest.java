package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.Storage;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineEventEmitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, parity test 2: sequential vs chunked parallel compute, bit for bit, over a recorded synthetic market
 * of four minutes. Chunks of 7, 13 and 61 s put boundaries inside every 1-minute volatility and TVI window and
 * inside OHLCV buckets and sampling buckets (a 1 s sampled TVI and book top, whose values are emitted when their
 * bucket closes). Both are also checked against the plain reference: one graph fed the whole recording by
 * the {@link OfflineEventEmitter}, its outputs cut to the range. Trades' receipt times are shifted so they tie
 * and invert with the book's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkedComputeParityTest {
    static final long S = 1_000_000_000L;
    static final String CONFIG_BODY = """

              - feature_definition: price.mid_price_fd
                name: mid_price
                params: {data_source: [%1$s]}
              - feature_definition: spread.relative_bid_ask_spread_fd
                name: spread
                params: {data_source: [%1$s]}
              - feature_definition: volatility.volatility_stddev_fd
                name: volatility_1m
                params: {data_source: [%1$s], feature: {0: {window: 1m}}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi_1m
                params: {data_source: [%1$s], feature: {0: {window: 1m}}}
              - feature_definition: ohlcv.ohlcv_fd
                name: ohlcv_1m
                params: {data_source: [%1$s], feature: {0: {window: 1m}}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi_10s_every_1s
                params: {data_source: [%1$s], feature: {0: {window: 10s, sampling: 1s}}}
              - feature_definition: l2_book.l2_snapshot_fd
                name: book5_every_1s
                params: {data_source: [%1$s], feature: {0: {depth: 5, sampling: 1s}}}
            """.formatted(Recordings.SYMBOL);
    static final FeaturizerConfig CONFIG = FeaturizerConfig.parse("feature_configs:" + CONFIG_BODY, "parity2.yaml");

    Storage storage;
    Recordings.Span span;

    @BeforeAll
    void record(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        span = Recordings.syntheticMarket(storage, dir.resolve("journal"), 11, 240, 400, 80, 150_000, 3_000);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    /** The reference: one graph over the whole recording, each feature's outputs timed in [from, to]. */
    List<FeatureSeries> wholeReplay(MergeOrder order, long from, long to) {
        List<Feature> features = CONFIG.features();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(CONFIG).build();
        List<FeatureSeries> out = new ArrayList<>();
        for (Feature f : features) {
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

    ChunkedReplay.Outputs chunked(MergeOrder order, int threads, long chunkNanos, long from, long to) {
        return new ChunkedReplay(storage, CONFIG.features(), CONFIG.ordering(), order, threads, chunkNanos, p -> { }).run(from, to);
    }

    static void assertSameOutputs(List<FeatureSeries> expected, List<FeatureSeries> actual, String what) {
        SeriesAssertions.assertSameOutputs(CONFIG.features(), expected, actual, what);
    }

    static void assertSameTable(FeatureTable expected, FeatureTable actual, String what) {
        assertEquals(expected.columnNames(), actual.columnNames(), what);
        assertEquals(expected.rowCount(), actual.rowCount(), what + ": rows");
        for (int r = 0; r < expected.rowCount(); r++) {
            assertEquals(expected.timestamp(r), actual.timestamp(r), what + ": row " + r + " timestamp");
            assertEquals(expected.receiptTimestamp(r), actual.receiptTimestamp(r), what + ": row " + r + " receipt_timestamp");
            for (int c = 0; c < expected.columnCount(); c++) {
                String cell = what + ": row " + r + ", " + expected.columnNames().get(c);
                assertEquals(expected.isNull(r, c), actual.isNull(r, c), cell);
                if (expected.isNull(r, c)) {
                    continue;
                }
                if (expected.columnType(c) == FieldType.DOUBLE_ARRAY) {
                    assertTrue(Arrays.equals(expected.getArray(r, c), actual.getArray(r, c)), cell); // Arrays.equals compares double bits
                } else {
                    assertEquals(Double.doubleToRawLongBits(expected.getDouble(r, c)), Double.doubleToRawLongBits(actual.getDouble(r, c)), cell);
                }
            }
        }
    }

    @Test
    void theRecordingIsLongEnoughForTheWindowsAndBuckets() {
        assertTrue(span.last() - span.first() > 230 * S, "recorded " + (span.last() - span.first()) / 1e9 + " s");
        List<FeatureSeries> all = wholeReplay(MergeOrder.INGESTION_SEQUENCE, Long.MIN_VALUE, Long.MAX_VALUE);
        for (int f = 0; f < all.size(); f++) {
            assertTrue(all.get(f).size() >= (f == 4 ? 3 : 200), CONFIG.features().get(f).name() + ": " + all.get(f).size() + " outputs");
        }
    }

    @Test
    void chunksInsideWindowsAndBucketsGiveTheSequentialOutputsBitForBit() {
        long from = span.first() + 70 * S + 123_456_789L; // a full minute of history before, not on a second
        long to = span.last() - 5 * S - 987_654_321L; // inside the data: the last chunk's tail closes its OHLCV bar
        for (MergeOrder order : new MergeOrder[] {MergeOrder.INGESTION_SEQUENCE, MergeOrder.RECEIPT_TIME}) {
            List<FeatureSeries> reference = wholeReplay(order, from, to);
            ChunkedReplay.Outputs sequential = chunked(order, 1, 0, from, to);
            assertEquals(1, sequential.chunks());
            assertSameOutputs(reference, sequential.series(), order + ": sequential compute vs one replay of the whole recording");
            for (long chunk : new long[] {7 * S, 13 * S, 61 * S}) {
                ChunkedReplay.Outputs parallel = chunked(order, 2, chunk, from, to);
                assertTrue(parallel.chunks() >= (to - from) / chunk, "chunks: " + parallel.chunks());
                assertEquals(sequential.inputEvents(), parallel.inputEvents(), "every input in range counted once");
                assertSameOutputs(sequential.series(), parallel.series(), order + ", " + chunk / S + " s chunks on 2 threads");
            }
        }
    }

    /** The first stored trade at or after {@code t}. */
    Event firstTradeAtOrAfter(long t) {
        try (var trades = storage.read(Recordings.TRADES, t, Long.MAX_VALUE)) {
            assertTrue(trades.next());
            return trades.current().copy();
        }
    }

    @Test
    void aChunkEndingBetweenABarsEndAndTheTradeThatClosesItStillHasTheBar() {
        long minute = span.first() + 120 * S; // the recording starts on a minute
        Event closingTrade = firstTradeAtOrAfter(minute);
        assertTrue(closingTrade.ts() > minute + 1, "a gap to end the chunk in");
        long chunkEnd = minute + (closingTrade.ts() - minute) / 2; // the bar is timed in this chunk, the trade that emits it in the next
        long chunk = 7 * S;
        long from = chunkEnd + 1 - 7 * chunk;
        long lastMinute = span.first() + 180 * S;
        long to = lastMinute + (firstTradeAtOrAfter(lastMinute).ts() - lastMinute) / 2; // the same at the range's end
        List<FeatureSeries> reference = wholeReplay(MergeOrder.INGESTION_SEQUENCE, from, to);
        FeatureSeries bars = reference.get(4);
        assertEquals(2, bars.size(), "the bars timed at 2 and 3 minutes");
        assertEquals(minute, bars.ts(0));
        assertEquals(closingTrade.receiptTs(), bars.receiptTs(0), "the bar's receipt time is that of the trade that closed it");
        for (int threads : new int[] {1, 2}) {
            ChunkedReplay.Outputs parallel = chunked(MergeOrder.INGESTION_SEQUENCE, threads, chunk, from, to);
            assertSameOutputs(reference, parallel.series(), "7 s chunks, one ending between a bar's end and its closing trade");
        }
    }

    @Test
    void eventTimeOrderingChunksTheSame() {
        // merged by receipt time, trades can arrive before book messages timed earlier: the event-time graph holds
        // them back behind its watermark (each source's own times never go back, so none is late)
        for (String ordering : new String[] {"{time: exchange, allowed_lateness: 0}", "{time: exchange, allowed_lateness: 100us}"}) {
            FeaturizerConfig c = FeaturizerConfig.parse("ordering: " + ordering + "\nfeature_configs:" + CONFIG_BODY, "event-time.yaml");
            long from = span.first() + 70 * S + 123_456_789L, to = span.last() - 2 * S;
            FeatureStreamGraph graph = FeatureStreamGraph.builder(c).build();
            List<FeatureSeries> reference = new ArrayList<>();
            for (Feature f : c.features()) {
                FeatureSeries s = new FeatureSeries(f.schema());
                reference.add(s);
                graph.addCallback(f, (feature, e) -> {
                    if (e.ts() >= from && e.ts() <= to) {
                        s.append(e, 0, 0);
                    }
                });
            }
            OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.RECEIPT_TIME);
            emitter.feed(graph);
            emitter.runToEnd();
            for (long chunk : new long[] {0, 13 * S}) {
                ChunkedReplay.Outputs out = new ChunkedReplay(storage, c.features(), c.ordering(), MergeOrder.RECEIPT_TIME, 2, chunk, p -> { })
                        .run(from, to);
                assertSameOutputs(reference, out.series(), ordering + ", chunks of " + chunk / S + " s");
            }
        }
    }

    @Test
    void theWholeRecordingInChunksStartsColdLikeTheRecordingItself() {
        List<FeatureSeries> reference = wholeReplay(MergeOrder.INGESTION_SEQUENCE, Long.MIN_VALUE, Long.MAX_VALUE);
        ChunkedReplay.Outputs parallel = chunked(MergeOrder.INGESTION_SEQUENCE, 3, 13 * S, span.first(), span.last());
        assertSameOutputs(reference, parallel.series(), "13 s chunks on 3 threads vs the whole replay");
    }

    @Test
    void featureTablesAndFeatureLabelSetsAreTheSameSequentialAndChunked() {
        long from = span.first() + 61 * S + 500_000_000L;
        long to = span.last();
        for (String label : new String[] {"", "label_feature: 0\nlabel_lookahead: 5s\n", "label_feature: 4\nlabel_lookahead: 1m\n"}) {
            FeaturizerConfig c = FeaturizerConfig.parse(label + "feature_configs:" + CONFIG_BODY, "parity2-label.yaml");
            BatchCompute sequentialCompute = BatchCompute.of(storage, c).order(MergeOrder.INGESTION_SEQUENCE);
            FeatureTable sequential = sequentialCompute.run(from, to).table();
            assertTrue(sequential.rowCount() > (label.contains(": 4") ? 0 : 1000), "rows: " + sequential.rowCount());
            for (long chunk : new long[] {7 * S, 61 * S}) {
                ComputeResult parallel = BatchCompute.of(storage, c).order(MergeOrder.INGESTION_SEQUENCE).parallelism(2).chunkNanos(chunk).run(from, to);
                assertTrue(parallel.report().chunks() > 1);
                assertSameTable(sequential, parallel.table(), "'" + label.replace('\n', ' ') + "', " + chunk / S + " s chunks");
            }
        }
    }

    /**
     * The flow and returns definitions (issue 14), chunked against one replay of the whole recording: VPIN's buckets
     * depend on all earlier volume (its lookback is the whole history, so every chunk replays from the start), the
     * grid features sample the mid as of grid points inside the warm-up, Roll's pairs need the trades before them.
     */
    @Test
    void flowAndReturnsFeaturesChunkLikeOneReplay() {
        String body = """

                  - feature_definition: flow.vpin
                    name: vpin
                    params: {data_source: [%1$s], feature: {0: {bucket_volume: 0.5, buckets: 10}}}
                  - feature_definition: flow.signed_volume
                    name: signed_volume_30s
                    params: {data_source: [%1$s], feature: {0: {window: 30s}}}
                  - feature_definition: flow.roll_spread
                    name: roll_30s
                    params: {data_source: [%1$s], feature: {0: {window: 30s}}}
                  - feature_definition: returns.log_return
                    name: log_return_10s
                    params: {data_source: [%1$s], feature: {0: {horizon: 10s}}}
                  - feature_definition: returns.realized_variance
                    name: rv_30s
                    params: {data_source: [%1$s], feature: {0: {interval: 1s, window: 30s}}}
                  - feature_definition: flow.kyle_lambda
                    name: kyle_30s
                    params: {data_source: [%1$s, %1$s], feature: {0: {interval: 1s, window: 30s}}}
                  - feature_definition: flow.amihud
                    name: amihud_30s
                    params: {data_source: [%1$s, %1$s], feature: {0: {interval: 1s, window: 30s}}}
                """.formatted(Recordings.SYMBOL);
        FeaturizerConfig c = FeaturizerConfig.parse("feature_configs:" + body, "flow-parity.yaml");
        long from = span.first() + 70 * S + 123_456_789L, to = span.last() - 5 * S;
        FeatureStreamGraph graph = FeatureStreamGraph.builder(c).build();
        List<FeatureSeries> reference = new ArrayList<>();
        for (Feature f : c.features()) {
            FeatureSeries s = new FeatureSeries(f.schema());
            reference.add(s);
            graph.addCallback(f, (feature, e) -> {
                if (e.ts() >= from && e.ts() <= to) {
                    s.append(e, 0, 0);
                }
            });
        }
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        emitter.feed(graph);
        emitter.runToEnd();
        for (int f = 0; f < reference.size(); f++) {
            assertTrue(reference.get(f).size() >= 100, c.features().get(f).name() + ": " + reference.get(f).size() + " outputs");
        }
        for (long chunk : new long[] {7 * S, 13 * S, 61 * S}) {
            ChunkedReplay.Outputs out = new ChunkedReplay(storage, c.features(), c.ordering(), MergeOrder.INGESTION_SEQUENCE, 2, chunk, p -> { })
                    .run(from, to);
            List<FeatureSeries> actual = out.series();
            for (int f = 0; f < reference.size(); f++) {
                FeatureSeries e = reference.get(f), a = actual.get(f);
                String feature = chunk / S + " s chunks, " + c.features().get(f).name();
                for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                    if (!e.event(i).equals(a.event(i))) {
                        throw new AssertionError(feature + ": first difference at output " + i + " of " + e.size() + "\nexpected " + e.event(i)
                                + "\nactual   " + a.event(i));
                    }
                }
                assertEquals(e.size(), a.size(), feature + ": outputs");
            }
        }
    }
}
