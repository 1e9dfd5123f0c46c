package io.featurizer.exchanges.binance;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.live.ReconnectPolicy;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Binance protocol end to end over loopback sockets: the exchange simulator speaks Binance with
 * {@link BinanceEncoder} (WebSocket + REST depth), the live connector reads it with
 * {@link BinanceDecoder} and keeps books by the Binance rules. After each fault the connector's book
 * must equal the simulator's true book.
 */
class BinanceSimulatorTest {
    private static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT");

    @ParameterizedTest
    @CsvSource({"SPOT, BINANCE, spot", "USDM_FUTURES, BINANCE_FUTURES, perpetual"})
    void booksMatchTheTruthThroughTheFaultMatrix(BinanceProtocol.Market market, String exchange, String instrumentType) throws Exception {
        BinanceProtocol protocol = new BinanceProtocol(market);
        SyntheticMarket.Config config = new SyntheticMarket.Config(5, 1_675_245_600_000_000_000L, 2_000, 400, 200, 3_000_000_000L, 20, 0.01,
                30_000, 0.05);
        AtomicLong delivered = new AtomicLong();
        try (ExchangeSimulator sim = new ExchangeSimulator(protocol, protocol.newEncoder(), SYMBOLS, config).start(0)) {
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of(exchange, sim.webSocketUri()),
                    Map.of(exchange, sim.restUri())), 1 << 16, new ReconnectPolicy(20, 200, 0.2), 30_000);
            for (String s : SYMBOLS) {
                emitter.registerCallback(Features.l2Book(exchange, instrumentType, s), (f, e) -> delivered.incrementAndGet());
                emitter.registerCallback(Features.trades(exchange, instrumentType, s), (f, e) -> delivered.incrementAndGet());
                emitter.registerCallback(Features.ticker(exchange, instrumentType, s), (f, e) -> delivered.incrementAndGet());
            }
            emitter.start();
            try {
                String venue = exchange + "/" + instrumentType;
                awaitSameBooks(sim, emitter, exchange, instrumentType, "joining");
                FeedStats stats = emitter.stats().get(venue);
                assertEquals(0, stats.garbageFrames());
                assertEquals(0, stats.subscriptionErrors());

                for (Fault fault : List.of(Fault.SEQUENCE_GAP, Fault.DROP)) {
                    long resyncs = stats.resyncs();
                    sim.inject(fault);
                    awaitSameBooks(sim, emitter, exchange, instrumentType, fault.name());
                    assertTrue(stats.resyncs() > resyncs, fault + " must force a resync");
                }
                // the simulator swaps the next two book frames of any symbols: when they are of different
                // symbols neither symbol's stream is out of order, so a resync is not required, only the truth
                sim.inject(Fault.REORDER);
                awaitSameBooks(sim, emitter, exchange, instrumentType, "REORDER");

                long resyncs = stats.resyncs();
                sim.inject(Fault.DUPLICATE);
                awaitSameBooks(sim, emitter, exchange, instrumentType, "DUPLICATE");
                assertEquals(resyncs, stats.resyncs(), "a duplicated frame is skipped, not a reason to resync");

                sim.inject(Fault.GARBAGE);
                awaitSameBooks(sim, emitter, exchange, instrumentType, "GARBAGE");
                await(() -> stats.garbageFrames() == 1, "the garbage frame is counted");

                long connects = stats.connects();
                sim.inject(Fault.DISCONNECT);
                await(() -> stats.connects() > connects, "reconnect");
                awaitSameBooks(sim, emitter, exchange, instrumentType, "DISCONNECT");
                assertEquals(1, stats.garbageFrames());
                assertEquals(0, stats.subscriptionErrors());
                assertTrue(delivered.get() > 1_000, delivered + " events delivered");
            } finally {
                emitter.stop();
            }
        }
    }

    /** Steps the market until every symbol's connector book is synced and equal to the truth. */
    private static void awaitSameBooks(ExchangeSimulator sim, LiveEventEmitter emitter, String exchange, String type, String when)
            throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        sim.step(300);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = "";
            for (String s : SYMBOLS) {
                if (!emitter.isSynced(exchange, type, s)) {
                    last += s + " not synced; ";
                    continue;
                }
                String diff = difference(sim.truth(s), emitter.book(exchange, type, s));
                if (diff != null) {
                    last += s + ": " + diff + "; ";
                }
            }
            if (last.isEmpty()) {
                return;
            }
            Thread.sleep(20);
            sim.step(5); // keep the feed moving: a dropped or reordered frame shows up as a gap on the next one
        }
        throw new AssertionError("after " + when + ": " + last);
    }

    private static String difference(OrderBook truth, OrderBook client) {
        String d = difference(truth.bids(), client.bids());
        return d != null ? "bids " + d : difference(truth.asks(), client.asks()) == null ? null : "asks " + difference(truth.asks(), client.asks());
    }

    private static String difference(PriceLadder truth, PriceLadder client) {
        if (truth.count() != client.count()) {
            return truth.count() + " levels, client has " + client.count();
        }
        for (int i = 0; i < truth.count(); i++) {
            if (truth.price(i) != client.price(i) || truth.size(i) != client.size(i)) {
                return "rank " + i + ": " + truth.price(i) + "x" + truth.size(i) + ", client " + client.price(i) + "x" + client.size(i);
            }
        }
        return null;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
