package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StorageLocation;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restored at another parallelism, a reader can get splits whose feature group's worker runs in another subtask; as the
 * workers read their records without a shuffle, such a split must move to the reader of that subtask. Here every split
 * of two sources (two groups, owned by subtasks 0 and 1) is restored into reader 0, part-read; a checkpoint is taken
 * while the transfer is under way and restored once: each source's events are then read once, all by its owner.
 */
class SplitTransferTest {
    @Test
    void restoredSplitsMoveToTheReaderOfTheirGroup(@TempDir Path dir) throws Exception {
        RunSpec spec = new RunSpec(DaySplitsPropertyTest.CONFIG, "days.yaml", 2, MergeOrder.RECEIPT_TIME, Long.MIN_VALUE, Long.MAX_VALUE);
        FlinkPlan plan = spec.plan();
        List<Feature> sources = plan.sources();
        assertEquals(0, plan.ownerOfSource(0, 2));
        assertEquals(1, plan.ownerOfSource(1, 2), "two groups, one per subtask");
        Random r = new Random(7);
        List<List<Event>> streams = new ArrayList<>();
        List<StoredSplit> splits;
        try (Storage storage = Storage.open(dir)) {
            for (Feature source : sources) {
                List<Event> stream = DaySplitsPropertyTest.stream(r);
                DaySplitsPropertyTest.store(r, storage, source, stream);
                streams.add(stream);
            }
            splits = StoredSplit.of(storage, sources, Long.MIN_VALUE + 1);
        }
        StoredInput input = new StoredInput(spec, StorageLocation.local(dir), Long.MIN_VALUE + 1);
        // the first day of each source, a few records already sent before the savepoint, all restored into reader 0
        List<StoredSplit> restored = new ArrayList<>();
        List<StoredSplit> pending = new ArrayList<>();
        for (StoredSplit s : splits) {
            if (s.index == 0) {
                restored.add(s.at(s.before, Math.min(3, streams.get(s.rank).size() - 1)));
            } else {
                pending.add(s);
            }
        }
        Cluster c = new Cluster(input, plan, pending);
        c.readers[0].addSplits(restored); // in open(), before the reader registers
        c.register();
        List<Read> out = new ArrayList<>();
        boolean checkpointed = false;
        List<Read> atCheckpoint = null;
        List<List<StoredSplit>> readerState = null;
        List<StoredSplit> enumeratorState = null;
        boolean[] ended = new boolean[2];
        for (int step = 0; step < 100_000 && !(ended[0] && ended[1]); step++) {
            if (c.deliver()) {
                if (!checkpointed && c.inFlightToReader()) { // a checkpoint while a transfer is under way
                    checkpointed = true;
                    enumeratorState = new ArrayList<>(c.enumerator.snapshotState(1));
                    c.flushToReaders(); // sent before the coordinator's checkpoint: before the barrier
                    readerState = List.of(c.readers[0].snapshotState(1), c.readers[1].snapshotState(1));
                    atCheckpoint = new ArrayList<>(out);
                }
                continue;
            }
            for (int k = 0; k < 2; k++) {
                if (!ended[k]) {
                    InputStatus status = c.readers[k].pollNext(c.output(k, out));
                    ended[k] = status == InputStatus.END_OF_INPUT;
                }
            }
            if (atCheckpoint != null && out.size() > atCheckpoint.size() + 20 && readerState != null) { // fail once, back to the checkpoint
                out = atCheckpoint;
                c = new Cluster(input, plan, enumeratorState);
                c.readers[0].addSplits(readerState.get(0));
                c.readers[1].addSplits(readerState.get(1));
                c.register();
                readerState = null;
                ended = new boolean[2];
            }
        }
        assertTrue(ended[0] && ended[1], "both readers ended");
        assertTrue(checkpointed, "a checkpoint fell inside a transfer");
        for (int rank = 0; rank < 2; rank++) {
            int owner = plan.ownerOfSource(rank, 2);
            List<Event> expected = streams.get(rank).subList(Math.min(3, streams.get(rank).size() - 1), streams.get(rank).size());
            List<String> got = new ArrayList<>();
            for (Read x : out) {
                if (x.rank == rank && x.event != null) {
                    assertEquals(owner, x.reader, "source " + rank + " read by its owner only");
                    got.add(x.event.toString());
                }
            }
            assertEquals(expected.stream().map(Event::toString).toList(), got, "source " + rank + ": every event after the restored position, once");
        }
    }

    @Test
    void aDayAskedForBeforeItsReaderRegisteredGoesOutWhenItRegisters(@TempDir Path dir) throws Exception {
        // a reader restored at the end of a day asks for the next from addSplits, which Flink calls before it registers
        RunSpec spec = new RunSpec(DaySplitsPropertyTest.CONFIG, "days.yaml", 2, MergeOrder.RECEIPT_TIME, Long.MIN_VALUE, Long.MAX_VALUE);
        FlinkPlan plan = spec.plan();
        List<StoredSplit> splits;
        try (Storage storage = Storage.open(dir)) {
            Random r = new Random(11);
            for (Feature source : plan.sources()) {
                DaySplitsPropertyTest.store(r, storage, source, DaySplitsPropertyTest.stream(r));
            }
            splits = StoredSplit.of(storage, plan.sources(), Long.MIN_VALUE + 1);
        }
        StoredSplit second = splits.stream().filter(s -> s.index == 1).findFirst().orElseThrow();
        int owner = plan.ownerOfSource(second.rank, 2);
        List<StoredSplit> pending = splits.stream().filter(s -> s.index > 0).toList();
        Cluster c = new Cluster(new StoredInput(spec, StorageLocation.local(dir), Long.MIN_VALUE + 1), plan, pending);
        c.enumerator.handleSourceEvent(owner, new NextSplit(second.rank, 0)); // Flink would refuse an assignment now
        assertTrue(c.toReaders.isEmpty(), "nothing sent to a reader that has not registered");
        c.registered.put(owner, new ReaderInfo(owner, "localhost"));
        c.enumerator.addReader(owner);
        assertEquals(1, c.toReaders.size(), "the day asked for goes out as its reader registers");
        assertTrue(c.enumerator.snapshotState(2).stream().noneMatch(s -> s == second), "and is no longer pending");
    }

    record Read(int reader, int rank, Event event) {
    }

    /** The real enumerator and two real readers, wired through queues. */
    static final class Cluster {
        final StoredSplitEnumerator enumerator;
        final StoredSourceReader[] readers = new StoredSourceReader[2];
        final ArrayDeque<Runnable> toReaders = new ArrayDeque<>();
        final ArrayDeque<Runnable> toEnumerator = new ArrayDeque<>();
        final Map<Integer, ReaderInfo> registered = new java.util.HashMap<>();

        Cluster(StoredInput input, FlinkPlan plan, List<StoredSplit> pending) {
            enumerator = new StoredSplitEnumerator(enumeratorContext(), plan, pending);
            for (int k = 0; k < 2; k++) {
                readers[k] = new StoredSourceReader(input, readerContext(k));
            }
        }

        void register() {
            for (int k = 0; k < 2; k++) {
                int subtask = k;
                toEnumerator.add(() -> {
                    registered.put(subtask, new ReaderInfo(subtask, "localhost"));
                    enumerator.addReader(subtask);
                });
            }
        }

        /** One message delivered, if any: enumerator-bound first. */
        boolean deliver() {
            if (!toEnumerator.isEmpty()) {
                toEnumerator.poll().run();
                return true;
            }
            if (!toReaders.isEmpty()) {
                toReaders.poll().run();
                return true;
            }
            return false;
        }

        /** As Flink's SourceCoordinatorContext: splits for a reader that has not registered are refused. */
        void requireRegistered(int subtask, Object splits) {
            if (!registered.containsKey(subtask)) {
                throw new IllegalArgumentException("Cannot assign splits " + splits + " to subtask " + subtask + " because the subtask is not registered.");
            }
        }

        boolean inFlightToReader() {
            return !toReaders.isEmpty();
        }

        void flushToReaders() {
            while (!toReaders.isEmpty()) {
                toReaders.poll().run();
            }
        }

        @SuppressWarnings("unchecked")
        SplitEnumeratorContext<StoredSplit> enumeratorContext() {
            return (SplitEnumeratorContext<StoredSplit>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SplitEnumeratorContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "currentParallelism" -> 2;
                        case "registeredReaders" -> Map.copyOf(registered);
                        case "assignSplit" -> {
                            StoredSplit s = (StoredSplit) args[0];
                            int k = (Integer) args[1];
                            requireRegistered(k, s);
                            toReaders.add(() -> readers[k].addSplits(List.of(s)));
                            yield null;
                        }
                        case "assignSplits" -> {
                            ((SplitsAssignment<StoredSplit>) args[0]).assignment().forEach((k, s) -> {
                                requireRegistered(k, s);
                                toReaders.add(() -> readers[k].addSplits(s));
                            });
                            yield null;
                        }
                        case "sendEventToSourceReader" -> {
                            int k = (Integer) args[0];
                            SourceEvent e = (SourceEvent) args[1];
                            toReaders.add(() -> readers[k].handleSourceEvents(e));
                            yield null;
                        }
                        case "signalNoMoreSplits" -> {
                            int k = (Integer) args[0];
                            toReaders.add(() -> readers[k].notifyNoMoreSplits());
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        SourceReaderContext readerContext(int k) {
            return (SourceReaderContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SourceReaderContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "sendSourceEventToCoordinator" -> {
                            SourceEvent e = (SourceEvent) args[0];
                            toEnumerator.add(() -> enumerator.handleSourceEvent(k, e));
                            yield null;
                        }
                        case "getIndexOfSubtask" -> k;
                        case "currentParallelism" -> 2;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        ReaderOutput<SourceRecord> output(int k, List<Read> out) {
            return (ReaderOutput<SourceRecord>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ReaderOutput.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("collect")) {
                            SourceRecord rec = (SourceRecord) args[0];
                            if (rec.kind == SourceRecord.EVENT) {
                                out.add(new Read(k, rec.rank, rec.event.copy()));
                            }
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
