package io.featurizer.offline;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.featurizer.offline.LiveRun.assertSameSequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, parity test 1 (live vs replay) and part of test 3 (generator vs emitter-fed graph): a recording
 * replayed through a fresh graph gives bit for bit the combined vectors and per-feature outputs the graph
 * gave live. Trades' receipt times are shifted so they tie and invert with the book's (as on separate
 * socket threads): the recorded ingestion sequence must still give the live order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveReplayParityTest {
    private static final long SHIFT = 150_000; // 150 us: many trades now carry a receipt time before the book message they followed

    Storage storage;
    LiveRun live;

    @BeforeAll
    void recordLive(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        live = LiveRun.record(storage, dir.resolve("journal"), LiveRun.CONFIG, 5, 150, SHIFT);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    /** A fresh graph over the config, keeping copies of its vectors and per-feature outputs. */
    static final class Replayed {
        final List<GroupedNamedDataEvent> vectors = new ArrayList<>();
        final Map<Feature, List<Event>> outputs = new LinkedHashMap<>();
        final FeatureStreamGraph graph;

        Replayed() {
            graph = FeatureStreamGraph.builder(LiveRun.CONFIG).combineOutputs(g -> vectors.add(g.copy())).build();
            for (Feature f : graph.getOuts()) {
                List<Event> out = new ArrayList<>();
                outputs.put(f, out);
                graph.addCallback(f, (feature, e) -> out.add(e.copy()));
            }
        }
    }

    @Test
    void theRecordingShowsTheLiveOrderOnlyThroughItsSequence() {
        int inversions = 0;
        for (int i = 1; i < live.inputs.size(); i++) {
            if (live.inputs.get(i).receiptTs() <= live.inputs.get(i - 1).receiptTs()) {
                inversions++;
            }
        }
        assertTrue(inversions > 100, "receipt times tie or invert " + inversions + " times: the test needs them");
        assertTrue(live.vectors.size() > 1000, "live vectors: " + live.vectors.size());
    }

    @Test
    void replayOnTheDeliveryThreadGivesTheLiveVectorsAndOutputs() throws InterruptedException {
        Replayed replay = new Replayed();
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        emitter.feed(replay.graph);
        emitter.start();
        emitter.awaitCompletion();
        assertTrue(emitter.reachedEnd());
        assertEquals(live.inputs.size(), emitter.eventsDelivered(), "every recorded input, and no block-start snapshot, replayed");
        assertSameSequence(live.vectors, replay.vectors, "combined vectors");
        for (Feature f : live.outputs.keySet()) {
            assertTrue(live.outputs.get(f).size() > 100, f.name() + " outputs: " + live.outputs.get(f).size());
            assertSameSequence(live.outputs.get(f), replay.outputs.get(f), f.name() + " outputs");
        }
    }

    @Test
    void theInputsArriveInTheLiveOrder() {
        List<Event> replayed = new ArrayList<>();
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        for (Feature in : FeatureStreamGraph.builder(LiveRun.CONFIG).build().getIns()) {
            emitter.registerCallback(in, (source, e) -> replayed.add(e.copy()));
        }
        emitter.runToEnd();
        assertSameSequence(live.inputs, replayed, "inputs");
    }

    @Test
    void theGeneratorGivesTheSameVectorsAsTheEmitterFedGraphAndLive() {
        Replayed fed = new Replayed();
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        emitter.feed(fed.graph);
        emitter.runToEnd();
        List<GroupedNamedDataEvent> generated;
        try (OfflineFeatureStreamGenerator g = new OfflineFeatureStreamGenerator(storage, LiveRun.CONFIG, Long.MIN_VALUE, Long.MAX_VALUE)
                .order(MergeOrder.INGESTION_SEQUENCE)) {
            generated = g.stream().toList();
            assertEquals(live.inputs.size(), g.inputEvents());
        }
        assertSameSequence(fed.vectors, generated, "generator vs emitter-fed graph");
        assertSameSequence(live.vectors, generated, "generator vs live");
        // each element is an independent copy: no two share an event object
        assertTrue(generated.get(0).event(0) != generated.get(1).event(0));
    }

    @Test
    void mergingByReceiptTimeInsteadDiffersWhereTheReceiptTimesInvert() {
        Replayed byTime = new Replayed();
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.RECEIPT_TIME);
        emitter.feed(byTime.graph);
        emitter.runToEnd();
        assertNotEquals(live.vectors, byTime.vectors, "receipt times invert, so only the sequence reproduces the live order");
    }

    @Test
    void aReplayStartingMidHistoryStartsFromTheStoredBook() {
        // inside a book block, past several block boundaries, 23 s after the market's last venue snapshot (one a minute)
        long from = live.firstTs + 83_123_456_789L;
        BookUpdate firstBookInRange = (BookUpdate) live.inputs.stream().filter(e -> e instanceof BookUpdate && e.ts() >= from).findFirst().orElseThrow();
        assertFalse(firstBookInRange.isSnapshot(), "the replay must rebuild the book: the first message in range is a delta");
        Feature mid = LiveRun.CONFIG.feature("mid_price");
        Replayed replay = new Replayed();
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, from, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        emitter.feed(replay.graph);
        emitter.runToEnd();
        List<Event> liveMid = live.outputs.get(mid);
        List<Event> replayMid = replay.outputs.get(mid);
        // the first output comes from the start snapshot: the book just before the first event in range, i.e. the
        // last live mid price before 'from', timed like that first event
        Event lastBefore = null;
        int firstInRange = 0;
        while (liveMid.get(firstInRange).ts() < from) {
            lastBefore = liveMid.get(firstInRange++);
        }
        assertTrue(lastBefore != null && firstInRange > 100);
        assertTrue(replayMid.get(0).sameValues(lastBefore), replayMid.get(0) + " vs " + lastBefore);
        assertEquals(firstBookInRange.ts(), replayMid.get(0).ts());
        // from then on the mid price (a function of the book alone) is the live one, event for event
        assertSameSequence(liveMid.subList(firstInRange, liveMid.size()), replayMid.subList(1, replayMid.size()), "mid price from " + from);
    }
}
