package io.featurizer.exchanges.live;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.protocol.VenueProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each venue's book depth and channel, chosen by the data source's params, subscribed over a real loopback
 * WebSocket against the simulator serving that stream in the venue's format: the live book's top levels match
 * the simulator's true book to the stream's depth.
 */
class VenueOptionsSimulatorTest {
    /** 120 levels a side, so a 500-level stream is told apart from the default 50. */
    private static final SyntheticMarket.Config MARKET = new SyntheticMarket.Config(5, 1_675_245_600_000_000_000L, 2_000, 0, 0,
            60_000_000_000L, 120, 0.01, 30_000, 0.05);

    private static Feature book(String exchange, String type, Map<String, Object> options) {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("exchange", exchange, "instrument_type", type, "symbol", "BTC-USDT"));
        params.putAll(options);
        return Features.dataSource("l2_book", params);
    }

    /** Runs a source against its simulator; returns the books delivered downstream, after checking the top {@code depth} levels. */
    private static List<BookUpdate> run(Feature source, int depth) throws Exception {
        return run(source, depth, MARKET);
    }

    private static List<BookUpdate> run(Feature source, int depth, SyntheticMarket.Config market) throws Exception {
        String exchange = source.params().getString("exchange", "");
        String type = source.params().getString("instrument_type", "");
        List<BookUpdate> delivered = Collections.synchronizedList(new ArrayList<>());
        try (SimulatedVenues venues = SimulatedVenues.start(List.of(source), market, 0)) {
            ExchangeSimulator sim = venues.simulators().values().iterator().next();
            LiveEventEmitter emitter = new LiveEventEmitter(venues.endpoints(), 1 << 12, new ReconnectPolicy(50, 500, 0.2), 30_000,
                    DeliveryMode.INLINE);
            emitter.registerCallback(source, (f, e) -> delivered.add((BookUpdate) ((Event) e).copy()));
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor(exchange + " subscribed", () -> sim.connectedClients() == 1);
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (!emitter.isSynced(exchange, type, "BTC-USDT")) {
                    if (System.nanoTime() > deadline) {
                        fail(exchange + " " + source.params() + ": never synced; feed " + emitter.stats());
                    }
                    sim.step(5);
                    Thread.sleep(20);
                }
                sim.step(1_000);
                OrderBook truth = sim.truth("BTC-USDT");
                deadline = System.nanoTime() + 15_000_000_000L;
                String diff;
                while ((diff = topDifference(truth, emitter.book(exchange, type, "BTC-USDT"), depth)) != null) {
                    if (System.nanoTime() > deadline) {
                        fail(exchange + " " + source.params() + ": " + diff);
                    }
                    Thread.sleep(10);
                }
                assertEquals(0, emitter.stats().values().iterator().next().subscriptionErrors());
            } finally {
                emitter.stop();
            }
        }
        return delivered;
    }

    private static String topDifference(OrderBook truth, OrderBook mine, int depth) {
        if (mine == null) {
            return "no book";
        }
        String b = sideDifference("bids", truth.bids(), mine.bids(), depth);
        return b != null ? b : sideDifference("asks", truth.asks(), mine.asks(), depth);
    }

    private static String sideDifference(String name, PriceLadder truth, PriceLadder mine, int depth) {
        int n = Math.min(depth, truth.count());
        if (mine.count() < n) {
            return name + ": " + mine.count() + " levels, expected at least " + n;
        }
        for (int i = 0; i < n; i++) {
            if (truth.price(i) != mine.price(i) || truth.size(i) != mine.size(i)) {
                return name + " level " + i + ": " + mine.price(i) + "x" + mine.size(i) + ", truth " + truth.price(i) + "x" + truth.size(i);
            }
        }
        return null;
    }

    @Test
    void bybitLinearDepth500GetsTheWholeDeepBook() throws Exception {
        run(book("BYBIT", "perpetual", Map.of("depth", 500)), 500);
    }

    @Test
    void bybitDefaultDepthIs50() throws Exception {
        VenueProtocol p = VenueProtocols.forVenue("BYBIT", "perpetual", VenueOptions.DEFAULT);
        assertEquals("BybitProtocol[linear, orderbook.50]", p.toString());
        // a 50-level market: the simulator does not refill a depth-50 window from deeper levels as Bybit does
        run(book("BYBIT", "perpetual", Map.of()), 50, SyntheticMarket.Config.defaults(5).withRates(2_000, 0, 0));
    }

    @Test
    void bybitDepth1IsASnapshotOfTheBestLevelEachPush() throws Exception {
        List<BookUpdate> delivered = run(book("BYBIT", "spot", Map.of("depth", 1)), 1);
        assertTrue(delivered.size() > 10);
        for (BookUpdate u : delivered) {
            assertTrue(u.isSnapshot(), "orderbook.1 pushes snapshots");
            assertTrue(u.bidCount() <= 1 && u.askCount() <= 1, "one level a side");
        }
    }

    @Test
    void binanceOneSecondDepthStream() throws Exception {
        assertEquals("btcusdt@depth", ((io.featurizer.exchanges.binance.BinanceProtocol) VenueProtocols.forVenue("BINANCE", "spot",
                new VenueOptions(0, "depth"))).streamName(new io.featurizer.exchanges.protocol.Subscription("BTC-USDT",
                io.featurizer.exchanges.protocol.Channel.L2_BOOK)));
        run(book("BINANCE", "spot", Map.of("channel", "depth")), 120);
    }

    @Test
    void okxBooks5IsAFullFiveLevelSnapshotEachPush() throws Exception {
        List<BookUpdate> delivered = run(book("OKX", "spot", Map.of("channel", "books5")), 5);
        assertTrue(delivered.size() > 10);
        for (BookUpdate u : delivered) {
            assertTrue(u.isSnapshot());
            assertEquals(5, u.bidCount());
            assertEquals(5, u.askCount());
        }
    }

    @Test
    void okxBboTbtIsTheBestLevel() throws Exception {
        List<BookUpdate> delivered = run(book("OKX", "spot", Map.of("channel", "bbo-tbt", "depth", 1)), 1);
        for (BookUpdate u : delivered) {
            assertTrue(u.isSnapshot());
            assertEquals(1, u.bidCount());
            assertEquals(1, u.askCount());
        }
    }

    @Test
    void okxDefaultBooksChannelKeepsTheWholeBook() throws Exception {
        run(book("OKX", "spot", Map.of("channel", "books")), 120);
    }

    @Test
    void coinbaseLevel2() throws Exception {
        run(book("COINBASE", "spot", Map.of("channel", "level2")), 120);
    }
}
