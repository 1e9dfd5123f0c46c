package io.featurizer.offline;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.graph.LateEventPolicy;
import io.featurizer.core.graph.TimeField;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static io.featurizer.offline.LiveRun.assertSameSequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, parity test 4: event-time mode with lateness. Some trades reach the graph late (held back up to
 * 400 ms, so their exchange time is behind the watermark of a 50 ms allowed lateness, or, when held back
 * less, overtaken by later trades and put back in order by the graph's buffer). The live graph and a fresh
 * graph fed by the replayed recording must give the same combined vectors and count the same late events,
 * dropped or processed. The number of late events is also worked out here from the arrival sequence and
 * the watermark rule alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventTimeParityTest {
    private static final long LATENESS = 50_000_000L; // 50 ms
    private static final long MAX_DELAY = 400_000_000L;
    private static final double DELAYED_SHARE = 0.05;
    private static final int SECONDS = 120;

    /** The LiveRun features on exchange time; a long idle timeout, so a source always holds its group's watermark. */
    static FeaturizerConfig config(LateEventPolicy policy) {
        return FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid_price
                    params:
                      data_source: [%1$s]
                  - feature_definition: volatility.volatility_stddev_fd
                    name: volatility_1m
                    params:
                      data_source: [%1$s]
                      feature: {0: {window: 1m}}
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi_1m
                    params:
                      data_source: [%1$s]
                      feature: {0: {window: 1m}}
                  - feature_definition: ohlcv.ohlcv_fd
                    name: ohlcv_10s
                    params:
                      data_source: [%1$s]
                      feature: {0: {window: 10s}}
                ordering:
                  time: exchange
                  allowed_lateness: 50ms
                  idle_timeout: 1h
                  late_events: %2$s
                """.formatted(LiveRun.SYMBOL_PARAMS, policy.name().toLowerCase()), "event-time.yaml");
    }

    /** A graph of the config keeping copies of its combined vectors. */
    static final class Run {
        final List<GroupedNamedDataEvent> vectors = new ArrayList<>();
        final FeatureStreamGraph graph;

        Run(LateEventPolicy policy) {
            graph = FeatureStreamGraph.builder(config(policy)).combineOutputs(g -> vectors.add(g.copy())).build();
        }
    }

    /** One input as it arrived: which source and its exchange time (the reference watermark needs nothing else). */
    record Arrival(boolean trade, long ts) {
    }

    Storage storage;
    final Map<LateEventPolicy, Run> live = new EnumMap<>(LateEventPolicy.class);
    final List<Arrival> arrivals = new ArrayList<>();
    int delayedTrades;

    /**
     * Plays the synthetic market with 5% of the trades held back by up to 400 ms: a held-back trade arrives
     * (receipt time = arrival) just before the first event received after it is due. Each arrival goes to
     * the recorder, then to a live graph per late policy, as on the live emitter's delivery thread.
     */
    @BeforeAll
    void recordLive(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        for (LateEventPolicy p : LateEventPolicy.values()) {
            live.put(p, new Run(p));
        }
        FeatureStreamGraph any = live.get(LateEventPolicy.DROP).graph;
        Feature book = any.getIns().stream().filter(f -> f.definition().name().equals("l2_book")).findFirst().orElseThrow();
        Feature trades = any.getIns().stream().filter(f -> f.definition().name().equals("trades")).findFirst().orElseThrow();
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(11).withRates(400, 80, 0));
        long end = market.config().startNanos() + SECONDS * 1_000_000_000L;
        SplittableRandom random = new SplittableRandom(3);
        PriorityQueue<Trade> heldBack = new PriorityQueue<>((a, b) -> Long.compare(a.receiptTs(), b.receiptTs()));
        try (Recorder recorder = Recorder.open(storage, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(3_000))) {
            DataSourceCallback recordBook = recorder.callback(book);
            DataSourceCallback recordTrade = recorder.callback(trades);
            Arrive arrive = (source, e) -> {
                (source == trades ? recordTrade : recordBook).onEvent(source, e);
                for (Run r : live.values()) {
                    r.graph.emit(source, e);
                }
                arrivals.add(new Arrival(source == trades, e.ts()));
            };
            while (true) {
                SyntheticMarket.Channel c = market.next();
                Event e = market.event();
                while (!heldBack.isEmpty() && (e.ts() > end || heldBack.peek().receiptTs() < e.receiptTs())) {
                    arrive.accept(trades, heldBack.poll());
                }
                if (e.ts() > end) {
                    break;
                }
                if (c == SyntheticMarket.Channel.TRADES && random.nextDouble() < DELAYED_SHARE) {
                    Trade late = (Trade) e.copy();
                    late.setTimes(e.ts(), e.receiptTs() + 1 + random.nextLong(MAX_DELAY));
                    heldBack.add(late);
                    delayedTrades++;
                    continue;
                }
                arrive.accept(c == SyntheticMarket.Channel.TRADES ? trades : book, e);
            }
            assertEquals(arrivals.size(), recorder.accepted(), "every arrival recorded");
        }
        for (Run r : live.values()) {
            r.graph.flush(); // end of the stream: the replay flushes at the end of the data too
        }
    }

    @FunctionalInterface
    interface Arrive {
        void accept(Feature source, Event e);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    /**
     * The watermark rule on its own (no buffering, no pools): an event is late when its exchange time is at or
     * behind its feature group's watermark. No feature here reads both the book and the trades, so each source is
     * a group of its own (mid and volatility on the book; TVI and OHLCV on the trades) and its watermark is its
     * own latest exchange time minus the allowed lateness minus 1 ns, never moving back. A late event moves nothing.
     */
    long lateByTheWatermarkRule() {
        long bookWatermark = Long.MIN_VALUE, tradeWatermark = Long.MIN_VALUE;
        long late = 0;
        for (Arrival a : arrivals) {
            long watermark = a.trade() ? tradeWatermark : bookWatermark;
            if (a.ts() <= watermark) {
                late++;
                continue;
            }
            if (a.trade()) {
                tradeWatermark = Math.max(tradeWatermark, a.ts() - LATENESS - 1);
            } else {
                bookWatermark = Math.max(bookWatermark, a.ts() - LATENESS - 1);
            }
        }
        return late;
    }

    Run replay(LateEventPolicy policy, MergeOrder order) {
        Run r = new Run(policy);
        OfflineEventEmitter emitter = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(order);
        emitter.feed(r.graph);
        emitter.runToEnd();
        assertTrue(emitter.reachedEnd());
        assertEquals(arrivals.size(), emitter.eventsDelivered(), "every recorded input replayed");
        return r;
    }

    @ParameterizedTest
    @EnumSource(LateEventPolicy.class)
    void theReplayHandlesTheSameLateEventsTheSameWay(LateEventPolicy policy) {
        Run live = this.live.get(policy);
        assertEquals(TimeField.EXCHANGE, config(policy).ordering().timeField());
        long late = lateByTheWatermarkRule();
        assertTrue(late > 20, "late events: " + late + " of " + delayedTrades + " held-back trades");
        assertTrue(late < delayedTrades, "some held-back trades are only out of order, not late, and the buffer reorders them");
        long liveLate = policy == LateEventPolicy.DROP ? live.graph.lateEventsDropped() : live.graph.lateEventsProcessed();
        assertEquals(late, liveLate, "live late events");
        assertEquals(0, policy == LateEventPolicy.DROP ? live.graph.lateEventsProcessed() : live.graph.lateEventsDropped());
        assertTrue(live.vectors.size() > 10_000, "live vectors: " + live.vectors.size());

        Run replay = replay(policy, MergeOrder.INGESTION_SEQUENCE);
        assertEquals(live.graph.lateEventsDropped(), replay.graph.lateEventsDropped(), "late events dropped");
        assertEquals(live.graph.lateEventsProcessed(), replay.graph.lateEventsProcessed(), "late events processed");
        for (int i = 0; i < live.graph.getIns().size(); i++) {
            assertEquals(live.graph.inputCount(i), replay.graph.inputCount(i), "inputs processed by " + live.graph.getIns().get(i));
        }
        assertSameSequence(live.vectors, replay.vectors, "combined vectors (" + policy + ")");
    }

    @ParameterizedTest
    @EnumSource(LateEventPolicy.class)
    void theLateEventsChangeTheOutputsSoTheParityIsNotVacuous(LateEventPolicy policy) {
        // dropping and processing the late trades give different vectors: the late events reach the features
        assertNotEquals(live.get(LateEventPolicy.DROP).vectors, live.get(LateEventPolicy.PROCESS).vectors);
        // merged by exchange time instead of the recorded sequence, each source keeps its own order, and each group's
        // watermark depends on its own source only: the same events are late, whatever the interleaving of the groups
        Run byTime = replay(policy, MergeOrder.EXCHANGE_TIME);
        long byTimeLate = byTime.graph.lateEventsDropped() + byTime.graph.lateEventsProcessed();
        assertEquals(lateByTheWatermarkRule(), byTimeLate, "late events when merged by exchange time");
    }
}
