package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StorageLocation;
import io.featurizer.storage.StreamId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.core.io.InputStatus;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random trades of two sources over several days (exchange times stepping back across midnight, receipt-time ties
 * across days, gaps of days), cut into random block layouts (cuts, overlapping slices stored twice), read through the
 * storage source's day splits: the real enumerator and reader, split assignments delivered late, checkpoints taken and
 * restored into a fresh enumerator and reader at random points (outputs since the checkpoint discarded, as Flink does).
 * What the reader hands over equals a naive merge of all stored events: each source in its stored order, the sources by
 * receipt time, ties by rank; every event once.
 */
class DaySplitsPropertyTest {
    static final long MS = 1_000_000L, S = 1_000 * MS, DAY = 86_400 * S;
    static final long T0 = 1_675_209_600_000_000_000L; // 2023-02-01T00:00Z
    static final String CONFIG = """
            feature_configs:
              - feature_definition: tvi.trade_volume_imb_fd
                name: btc_tvi
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}], feature: {0: {window: 10s}}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: eth_tvi
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: ETH-USDT}], feature: {0: {window: 10s}}}
            """;

    record Read(int rank, Event event) {
    }

    @Property(tries = 100)
    void daySplitsHandOverEveryStoredEventOnceInMergeOrder(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        Path dir = Files.createTempDirectory("days");
        try {
            RunSpec spec = new RunSpec(CONFIG, "days.yaml", 1, MergeOrder.RECEIPT_TIME, Long.MIN_VALUE, Long.MAX_VALUE);
            FlinkPlan plan = spec.plan();
            List<Feature> sources = plan.sources();
            List<Read> expected = new ArrayList<>();
            List<StoredSplit> splits;
            try (Storage storage = Storage.open(dir)) {
                for (int rank = 0; rank < sources.size(); rank++) {
                    List<Event> stream = stream(r);
                    store(r, storage, sources.get(rank), stream);
                    for (Event e : stream) {
                        expected.add(new Read(rank, e));
                    }
                }
                splits = StoredSplit.of(storage, sources, Long.MIN_VALUE + 1);
            }
            expected.sort(Comparator.<Read>comparingLong(x -> x.event().receiptTs()).thenComparingInt(Read::rank)); // stable: stored order kept
            List<Read> actual = read(r, new StoredInput(spec, StorageLocation.local(dir), Long.MIN_VALUE + 1), plan, splits);
            assertEquals(expected.size(), actual.size(), "events handed over, seed " + seed + ", " + splits.size() + " splits");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), "event " + i + ", seed " + seed);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One source's trades in stored order over up to five days: receipt time never decreases, exchange time may step back. */
    static List<Event> stream(Random r) {
        int n = 1 + r.nextInt(150);
        List<Event> out = new ArrayList<>();
        long ts = T0 + r.nextInt(2) * DAY + DAY - r.nextInt(2_000) * MS, receipt = ts;
        for (int i = 0; i < n; i++) {
            int step = r.nextInt(100);
            if (step < 20 && i > 0) {
                // same time: several fills of one message
            } else if (step < 40) {
                ts = Math.floorDiv(ts, DAY) * DAY + DAY - r.nextInt(2) * MS; // at or just before the next midnight
            } else if (step < 95) {
                ts += (1 + r.nextInt(900)) * MS;
            } else {
                ts += (1 + r.nextInt(2)) * DAY + r.nextInt(5_000) * MS; // a day or two with nothing
            }
            long exchange = r.nextInt(4) == 0 ? ts - r.nextInt(3) * MS : ts; // steps back, also across midnight
            receipt = Math.max(receipt, r.nextInt(3) == 0 ? receipt : ts + r.nextInt(2) * MS); // ties, also across days
            out.add(new Trade().set(exchange, receipt, r.nextInt(2), 100 + r.nextInt(16) * 0.25, 0.5 * (1 + r.nextInt(6)), 1_000 + i));
        }
        return out;
    }

    /** Random blocks: consecutive cuts (one per event at times), plus overlapping slices stored again. */
    static void store(Random r, Storage storage, Feature source, List<Event> stream) {
        List<int[]> slices = new ArrayList<>();
        boolean perEvent = r.nextInt(6) == 0;
        int start = 0;
        for (int i = 1; i <= stream.size(); i++) {
            if (i == stream.size() || perEvent || r.nextInt(10) == 0) {
                slices.add(new int[] {start, i});
                start = i;
            }
        }
        for (int k = r.nextInt(3); k > 0; k--) {
            int a = r.nextInt(stream.size()), b = a + 1 + r.nextInt(stream.size() - a);
            slices.add(new int[] {a, b});
        }
        for (int[] s : slices) {
            long[] seqs = new long[s[1] - s[0]];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = s[0] + i + 1;
            }
            storage.writeBlock(StreamId.of(source), "c", stream.subList(s[0], s[1]), seqs);
        }
    }

    /** Everything the reader hands over, through the enumerator, with late assignments and random checkpoints and restores. */
    static List<Read> read(Random r, StoredInput input, FlinkPlan plan, List<StoredSplit> splits) {
        Harness h = new Harness(input, plan, splits);
        List<Read> out = new ArrayList<>();
        List<Read> checkpointOut = null;
        List<StoredSplit> readerState = null;
        Collection<StoredSplit> enumeratorState = null;
        int restores = 0;
        for (int step = 0; step < 1_000_000; step++) {
            if (!h.toReader.isEmpty() && r.nextInt(3) == 0) {
                h.toReader.poll().run(); // an assignment (or the end of them) arrives, late
                continue;
            }
            if (!h.toEnumerator.isEmpty() && r.nextInt(3) == 0) {
                h.enumerator.handleSourceEvent(0, h.toEnumerator.poll());
                continue;
            }
            int roll = r.nextInt(100);
            if (roll < 3) { // a checkpoint: the enumerator first, then the reader at its barrier
                enumeratorState = h.enumerator.snapshotState(step);
                while (!h.toReader.isEmpty()) { // what the enumerator sent before its checkpoint reaches the reader before the barrier
                    h.toReader.poll().run();
                }
                readerState = h.reader.snapshotState(step);
                checkpointOut = new ArrayList<>(out);
                continue;
            }
            if (roll < 5 && readerState != null && restores < 3) { // a failure: back to the checkpoint
                restores++;
                out = new ArrayList<>(checkpointOut);
                h = h.restore(enumeratorState, readerState);
                continue;
            }
            InputStatus status = h.reader.pollNext(h.output(out));
            if (status == InputStatus.END_OF_INPUT) {
                long ends = out.stream().filter(x -> x.event() == null).count();
                assertEquals(plan.sources().size(), ends, "one end per source");
                assertTrue(h.toReader.isEmpty(), "nothing handed out after the end");
                return out.stream().filter(x -> x.event() != null).toList();
            }
            if (status == InputStatus.NOTHING_AVAILABLE && h.toReader.isEmpty() && h.toEnumerator.isEmpty()) {
                throw new AssertionError("the reader waits for nothing");
            }
        }
        throw new AssertionError("the reader never ended");
    }

    /** The real enumerator and reader wired to each other through queues (Flink's RPC), one reader. */
    static final class Harness {
        final StoredInput input;
        final FlinkPlan plan;
        final ArrayDeque<Runnable> toReader = new ArrayDeque<>();
        final ArrayDeque<SourceEvent> toEnumerator = new ArrayDeque<>();
        StoredSplitEnumerator enumerator;
        StoredSourceReader reader;

        Harness(StoredInput input, FlinkPlan plan, Collection<StoredSplit> pending) {
            this.input = input;
            this.plan = plan;
            this.enumerator = new StoredSplitEnumerator(enumeratorContext(), plan, pending);
            this.reader = new StoredSourceReader(input, readerContext());
            enumerator.addReader(0);
        }

        /** A fresh enumerator and reader from a checkpoint; messages in flight are lost. */
        Harness restore(Collection<StoredSplit> enumeratorState, List<StoredSplit> readerState) {
            reader.close();
            Harness h = new Harness(input, plan, enumeratorState);
            h.reader.addSplits(readerState);
            return h;
        }

        @SuppressWarnings("unchecked")
        SplitEnumeratorContext<StoredSplit> enumeratorContext() {
            return (SplitEnumeratorContext<StoredSplit>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SplitEnumeratorContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "currentParallelism" -> 1;
                        case "registeredReaders" -> Map.of(0, new ReaderInfo(0, "localhost"));
                        case "assignSplit" -> {
                            StoredSplit s = (StoredSplit) args[0];
                            toReader.add(() -> reader.addSplits(List.of(s)));
                            yield null;
                        }
                        case "assignSplits" -> {
                            List<StoredSplit> s = ((SplitsAssignment<StoredSplit>) args[0]).assignment().getOrDefault(0, List.of());
                            toReader.add(() -> reader.addSplits(s));
                            yield null;
                        }
                        case "signalNoMoreSplits" -> {
                            toReader.add(() -> reader.notifyNoMoreSplits());
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        SourceReaderContext readerContext() {
            return (SourceReaderContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SourceReaderContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "sendSourceEventToCoordinator" -> {
                            toEnumerator.add((SourceEvent) args[0]);
                            yield null;
                        }
                        case "getIndexOfSubtask" -> 0;
                        case "currentParallelism" -> 1;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        ReaderOutput<SourceRecord> output(List<Read> out) {
            return (ReaderOutput<SourceRecord>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ReaderOutput.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("collect")) {
                            SourceRecord rec = (SourceRecord) args[0];
                            out.add(new Read(rec.rank, rec.kind == SourceRecord.END ? null : rec.event.copy()));
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
