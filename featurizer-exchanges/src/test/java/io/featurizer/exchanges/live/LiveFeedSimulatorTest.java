package io.featurizer.exchanges.live;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.binance.BinanceProtocol;
import io.featurizer.exchanges.bybit.BybitCategory;
import io.featurizer.exchanges.bybit.BybitEncoder;
import io.featurizer.exchanges.bybit.BybitProtocol;
import io.featurizer.exchanges.coinbase.CoinbaseEncoder;
import io.featurizer.exchanges.coinbase.CoinbaseProtocol;
import io.featurizer.exchanges.okx.OkxEncoder;
import io.featurizer.exchanges.okx.OkxProtocol;
import io.featurizer.exchanges.protocol.VenueEncoder;
import io.featurizer.exchanges.protocol.VenueProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The live path over real loopback sockets against the local exchange simulator: WebSocket →
 * decoder → book sync → hand-off (or inline delivery) → graph. After every fault of the matrix the client's book must
 * equal the simulator's true book, and so must the L2 snapshot feature downstream.
 */
class LiveFeedSimulatorTest {
    record Venue(String exchange, String instrumentType, String symbol, VenueProtocol protocol, VenueEncoder encoder) {
        @Override
        public String toString() {
            return exchange;
        }
    }

    static Stream<Arguments> venues() {
        BybitProtocol bybit = new BybitProtocol(BybitCategory.LINEAR);
        return Stream.of(
                Arguments.of(new Venue("BYBIT", "perpetual", "BTC-USDT", bybit, new BybitEncoder(bybit)), DeliveryMode.HAND_OFF),
                Arguments.of(new Venue("COINBASE", "spot", "BTC-USD", new CoinbaseProtocol(), new CoinbaseEncoder()), DeliveryMode.HAND_OFF),
                Arguments.of(new Venue("OKX", "spot", "BTC-USDT", new OkxProtocol(), new OkxEncoder()), DeliveryMode.HAND_OFF),
                Arguments.of(new Venue("BINANCE", "spot", "BTC-USDT", BinanceProtocol.spot(), BinanceProtocol.spot().newEncoder()), DeliveryMode.HAND_OFF),
                Arguments.of(new Venue("BINANCE_FUTURES", "perpetual", "BTC-USDT", BinanceProtocol.futures(), BinanceProtocol.futures().newEncoder()),
                        DeliveryMode.HAND_OFF),
                // the graph on the reader thread: REST snapshots (Binance) and WebSocket resnapshots with a checksum (OKX)
                Arguments.of(new Venue("BINANCE", "spot", "BTC-USDT", BinanceProtocol.spot(), BinanceProtocol.spot().newEncoder()), DeliveryMode.INLINE),
                Arguments.of(new Venue("OKX", "spot", "BTC-USDT", new OkxProtocol(), new OkxEncoder()), DeliveryMode.INLINE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("venues")
    void bookEqualsTheTruthThroughTheFaultMatrix(Venue v, DeliveryMode mode) throws Exception {
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(17).withRates(2000, 300, 200);
        try (ExchangeSimulator sim = new ExchangeSimulator(v.protocol(), v.encoder(), List.of(v.symbol()), market).start(0)) {
            Map<String, Object> venue = Map.of("exchange", v.exchange(), "instrument_type", v.instrumentType(), "symbol", v.symbol());
            Feature book = Features.dataSource("l2_book", venue);
            Feature trades = Features.dataSource("trades", venue);
            Feature ticker = Features.dataSource("ticker", venue);
            Feature top = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 25), book);
            FeatureStreamGraph graph = FeatureStreamGraph.builder(List.of(top, trades, ticker)).build();
            AtomicReference<Event> lastTop = new AtomicReference<>();
            long[] tradesSeen = {0};
            graph.getStream(top).subscribe((f, e) -> lastTop.set(e.copy()));
            AtomicReference<String> graphThread = new AtomicReference<>();
            graph.getStream(trades).subscribe((f, e) -> {
                tradesSeen[0]++;
                graphThread.set(Thread.currentThread().getName());
            });
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(
                    Map.of(v.protocol().exchange(), sim.webSocketUri()), Map.of(v.protocol().exchange(), sim.restUri())),
                    1 << 14, new ReconnectPolicy(50, 500, 0.2), 1_500, mode);
            emitter.feed(graph);
            emitter.start();
            try {
                waitForSync("subscribed", sim, v, emitter, () -> sim.connectedClients() == 1);
                sim.step(2_000);
                assertSameBook(v, sim, emitter, lastTop, "after 2000 events");
                FeedStats stats = emitter.stats().get(v.exchange() + "/" + v.instrumentType());

                long resyncs = stats.resyncs();
                sim.inject(Fault.DROP);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after a dropped book frame");
                assertTrue(stats.resyncs() > resyncs, "the gap forced a resync");

                sim.inject(Fault.DUPLICATE);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after a duplicated frame");

                sim.inject(Fault.REORDER);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after reordered frames");

                resyncs = stats.resyncs();
                sim.inject(Fault.SEQUENCE_GAP);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after a sequence gap");
                assertTrue(stats.resyncs() > resyncs, "the sequence gap forced a resync");

                long mismatches = stats.checksumMismatches();
                sim.inject(Fault.CHECKSUM);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after a corrupted checksum");
                if (v.protocol().hasChecksum()) {
                    assertTrue(stats.checksumMismatches() > mismatches, "the bad checksum was caught");
                }

                long garbage = stats.garbageFrames();
                sim.inject(Fault.GARBAGE);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after a garbage frame");
                assertTrue(stats.garbageFrames() > garbage, "garbage counted");

                long connects = stats.connects();
                sim.inject(Fault.DISCONNECT);
                waitForSync("reconnected", sim, v, emitter, () -> stats.connects() > connects);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after a disconnect");

                long stale = stats.staleFeeds();
                long connectsBeforeStall = stats.connects();
                Thread.sleep(2_500); // nothing sent for longer than the 1.5 s stale timeout
                waitFor("stale feed flagged and reconnected", () -> stats.staleFeeds() > stale && stats.connects() > connectsBeforeStall);
                waitForSync("resynced after the stall", sim, v, emitter, () -> true);
                sim.step(300);
                assertSameBook(v, sim, emitter, lastTop, "after a stall");
                assertTrue(tradesSeen[0] > 0, "trades reached the graph");
                assertEquals(0, emitter.droppedEvents());
                String expectedThread = mode == DeliveryMode.INLINE ? "featurizer-live-" + v.protocol().exchange() : "featurizer-live-delivery";
                assertEquals(expectedThread, graphThread.get(), "the graph runs on the thread the delivery mode says");
            } finally {
                emitter.stop();
            }
        }
    }

    /**
     * Waits for the condition and the client's book to be in sync, producing a few market events now
     * and then: venues with REST snapshots sync only once a delta shows the stream is live.
     */
    static void waitForSync(String what, ExchangeSimulator sim, Venue v, LiveEventEmitter emitter, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!(condition.getAsBoolean() && emitter.isSynced(v.exchange(), v.instrumentType(), v.symbol()))) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting: " + what);
            }
            if (condition.getAsBoolean()) {
                sim.step(5);
            }
            Thread.sleep(20);
        }
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    static void assertSameBook(Venue v, ExchangeSimulator sim, LiveEventEmitter emitter, AtomicReference<Event> lastTop, String when)
            throws InterruptedException {
        OrderBook truth = sim.truth(v.symbol());
        long deadline = System.nanoTime() + 15_000_000_000L;
        String diff;
        while ((diff = difference(truth, emitter.book(v.exchange(), v.instrumentType(), v.symbol()), lastTop.get())) != null) {
            if (System.nanoTime() > deadline) {
                fail(v.exchange() + " " + when + ": " + diff);
            }
            Thread.sleep(10);
        }
    }

    /** Null when the client's book and the snapshot feature both match the truth; else what differs. */
    static String difference(OrderBook truth, OrderBook client, Event top) {
        if (client == null) {
            return "no client book";
        }
        String d = ladderDiff("bids", truth.bids(), client.bids());
        if (d == null) {
            d = ladderDiff("asks", truth.asks(), client.asks());
        }
        if (d != null) {
            return d;
        }
        if (top == null) {
            return "no snapshot feature output";
        }
        for (int i = 0; i < Math.min(25, truth.bids().count()); i++) {
            if (top.getArray(L2SnapshotFD.BID_PRICES)[i] != truth.bids().price(i) || top.getArray(L2SnapshotFD.BID_SIZES)[i] != truth.bids().size(i)) {
                return "snapshot feature bid level " + i + " differs";
            }
        }
        for (int i = 0; i < Math.min(25, truth.asks().count()); i++) {
            if (top.getArray(L2SnapshotFD.ASK_PRICES)[i] != truth.asks().price(i) || top.getArray(L2SnapshotFD.ASK_SIZES)[i] != truth.asks().size(i)) {
                return "snapshot feature ask level " + i + " differs";
            }
        }
        return null;
    }

    static String ladderDiff(String side, PriceLadder truth, PriceLadder client) {
        if (truth.count() != client.count()) {
            return side + ": " + client.count() + " levels, truth has " + truth.count();
        }
        for (int i = 0; i < truth.count(); i++) {
            if (truth.price(i) != client.price(i) || truth.size(i) != client.size(i)) {
                return side + " level " + i + ": " + client.price(i) + " x " + client.size(i) + ", truth " + truth.price(i) + " x " + truth.size(i);
            }
        }
        return null;
    }
}
