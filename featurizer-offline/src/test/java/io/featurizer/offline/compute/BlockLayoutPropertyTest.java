package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.StoredInputMerge;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The differential property of issue 11: random streams (ties in exchange and receipt time, exact duplicates,
 * receipt order across sources unlike exchange order, exchange times stepping back within a source, gaps, several
 * days) cut into random block layouts (a block
 * per event, overlapping blocks, a block repeated under another compaction, gaps) give, through storage, the
 * input sequence and the feature-label table that a plain in-memory reference gives: sort each source's stored
 * events by receipt time and sequence, drop exact duplicates, merge the sources by receipt time, run one graph, and join each row with what the
 * other features had emitted after exactly the inputs up to the row's own (labels after the last input at or
 * before the row's position plus the lookahead). Compute runs on 1 to 4 threads with random chunk lengths (on
 * streams whose exchange times never step back, what compute assumes).
 *
 * <p>Tries: {@code jqwik.tries.default} (200 in the default suite; the {@code soak} profile runs 10,000).
 */
class BlockLayoutPropertyTest {
    static final long T0 = 1_675_245_600_000_000_000L;
    static final long MS = 1_000_000L, S = 1_000 * MS, DAY = 86_400 * S;
    static final String SOURCE = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";

    static FeaturizerConfig config(long lookaheadMs) {
        String label = lookaheadMs < 0 ? "" : "label_feature: 0\nlabel_lookahead: " + lookaheadMs + "ms\n";
        return FeaturizerConfig.parse(label + """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%1$s], feature: {0: {dep_schema: ticker}}}
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi
                    params: {data_source: [%1$s], feature: {0: {window: 2s}}}
                  - feature_definition: volatility.volatility_stddev_fd
                    name: vol
                    params: {data_source: [%1$s], feature: {0: {window: 3s}, 1: {dep_schema: ticker}}}
                  - feature_definition: ohlcv.ohlcv_fd
                    name: bar
                    params: {data_source: [%1$s], feature: {0: {window: 1s}}}
                """.formatted(SOURCE), "property.yaml");
    }

    /** One stored event with the sequence it was stored under. */
    record Stored(Event event, long seq) {
    }

    @Property
    void anyBlockLayoutGivesTheReferenceInputsAndTable(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int parallelism) throws IOException {
        Random r = new Random(seed);
        long lookaheadMs = r.nextInt(4) == 0 ? -1 : 1 + r.nextInt(3) * 700L;
        FeaturizerConfig config = config(lookaheadMs);
        boolean jitter = r.nextInt(4) == 0; // exchange times step back within a source: the reader must keep stored order
        Path dir = Files.createTempDirectory("layout");
        try (Storage storage = Storage.open(dir)) {
            FeatureStreamGraph probe = FeatureStreamGraph.builder(config).build();
            List<Feature> sources = probe.getIns();
            List<List<Stored>> stored = new ArrayList<>();
            for (Feature source : sources) {
                List<Stored> stream = stream(r, source.schema().equals(Quote.SCHEMA), jitter);
                stored.add(storeInRandomBlocks(r, storage, source, stream));
            }
            if (stored.stream().allMatch(List::isEmpty)) {
                return;
            }
            List<Event> inputs = new ArrayList<>();
            List<Integer> ranks = new ArrayList<>();
            referenceInputs(stored, inputs, ranks);

            // replay: the stored-stream reader and the merge give exactly the reference's inputs
            try (StoredInputMerge merge = new StoredInputMerge(storage, sources, Long.MIN_VALUE, Long.MAX_VALUE, MergeOrder.RECEIPT_TIME)) {
                int i = 0;
                while (merge.next()) {
                    assertEquals(inputs.get(i), merge.event(), "input " + i + ", seed " + seed);
                    assertEquals(ranks.get(i), merge.source(), "input " + i + "'s source");
                    i++;
                }
                assertEquals(inputs.size(), i, "inputs replayed, seed " + seed);
            }
            if (jitter || stored.stream().anyMatch(List::isEmpty)) {
                return; // compute needs every source stored, in exchange-time order
            }

            // compute: the same table as the reference, on any chunking
            long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
            for (Event e : inputs) {
                lo = Math.min(lo, e.ts());
                hi = Math.max(hi, e.ts());
            }
            long chunk = r.nextBoolean() ? 0 : Math.max(MS, (hi - lo) / (1 + r.nextInt(12)));
            FeatureTable expected = ReferenceTable.of(config, inputs, ranks, lo, hi, lookaheadMs < 0 ? -1 : lookaheadMs * MS);
            FeatureTable actual = BatchCompute.of(storage, config).useStored(false).store(List.of()).parallelism(parallelism).chunkNanos(chunk)
                    .run(Long.MIN_VALUE, Long.MAX_VALUE).table();
            ChunkedComputeParityTest.assertSameTable(expected, actual, "seed " + seed + ", " + parallelism + " threads, chunks of " + chunk + " ns");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * One source's events in stream order: receipt time never decreases, nor exchange time unless {@code jitter} (then an
     * event's exchange time may be up to 300 ms before the previous one's); with ties, exact duplicates and gaps.
     */
    static List<Stored> stream(Random r, boolean quotes, boolean jitter) {
        int n = r.nextInt(quotes ? 60 : 120);
        List<Stored> out = new ArrayList<>();
        long ts = T0 + r.nextInt(3) * DAY + r.nextInt(1000) * MS, receipt = ts;
        for (int i = 0; i < n; i++) {
            int step = r.nextInt(100);
            if (step < 30 && i > 0) {
                // same exchange time: one message, several events
            } else if (step < 97) {
                ts += (1 + r.nextInt(900)) * MS;
            } else {
                ts += (1 + r.nextInt(2)) * DAY + r.nextInt(5000) * MS; // a gap: a day or two with nothing
            }
            receipt = Math.max(receipt, ts + r.nextInt(3) * MS);
            long exchange = jitter ? ts - r.nextInt(300) * MS : ts;
            Event e = quotes
                    ? new Quote().set(exchange, receipt, 100 + r.nextInt(8) * 0.25, 1 + r.nextInt(4), 102 + r.nextInt(8) * 0.25, 1 + r.nextInt(4))
                    : new Trade().set(exchange, receipt, r.nextInt(2), 100 + r.nextInt(16) * 0.25, 0.5 * (1 + r.nextInt(6)), 1_000 + i);
            out.add(new Stored(e, out.size() + 1));
            if (r.nextInt(10) == 0) {
                out.add(new Stored(e.copy(), out.size() + 1)); // the vendor sent the same row twice
            }
        }
        return out;
    }

    /** Writes the stream as random blocks (cuts, a block per event, overlapping slices, a repeat under another compaction); returns every stored copy. */
    static List<Stored> storeInRandomBlocks(Random r, Storage storage, Feature source, List<Stored> stream) {
        List<Stored> copies = new ArrayList<>();
        if (stream.isEmpty()) {
            return copies;
        }
        List<int[]> slices = new ArrayList<>();
        boolean perEvent = r.nextInt(8) == 0;
        int start = 0;
        for (int i = 1; i <= stream.size(); i++) {
            if (i == stream.size() || perEvent || r.nextInt(6) == 0) {
                slices.add(new int[] {start, i});
                start = i;
            }
        }
        int overlaps = r.nextInt(4);
        for (int k = 0; k < overlaps; k++) {
            int a = r.nextInt(stream.size()), b = a + 1 + r.nextInt(stream.size() - a);
            slices.add(new int[] {a, b});
        }
        int c = 0;
        for (int[] s : slices) {
            List<Stored> slice = stream.subList(s[0], s[1]);
            List<Event> events = new ArrayList<>();
            long[] seqs = new long[slice.size()];
            for (int i = 0; i < slice.size(); i++) {
                events.add(slice.get(i).event());
                seqs[i] = slice.get(i).seq();
            }
            storage.writeBlock(StreamId.of(source), "c" + (c++ % 3), events, seqs);
            copies.addAll(slice);
        }
        return copies;
    }

    /**
     * The reference input sequence: each source's stored copies sorted by (receipt time, sequence),
     * exact duplicates (equal times and values) dropped, then all sources merged by receipt time, ties by source rank.
     */
    static void referenceInputs(List<List<Stored>> stored, List<Event> inputs, List<Integer> ranks) {
        record Ranked(Event event, int rank, long seq) {
        }
        List<Ranked> all = new ArrayList<>();
        for (int rank = 0; rank < stored.size(); rank++) {
            List<Stored> copies = new ArrayList<>(stored.get(rank));
            copies.sort(Comparator.<Stored>comparingLong(s -> s.event().receiptTs()).thenComparingLong(Stored::seq));
            List<Event> kept = new ArrayList<>();
            for (Stored s : copies) {
                if (kept.stream().noneMatch(k -> k.equals(s.event()))) {
                    kept.add(s.event());
                    all.add(new Ranked(s.event(), rank, s.seq()));
                }
            }
        }
        all.sort(Comparator.<Ranked>comparingLong(x -> x.event().receiptTs()).thenComparingInt(Ranked::rank)); // stable: stream order kept
        for (Ranked x : all) {
            inputs.add(x.event());
            ranks.add(x.rank());
        }
    }
}
