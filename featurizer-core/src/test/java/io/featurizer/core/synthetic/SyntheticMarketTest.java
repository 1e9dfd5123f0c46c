package io.featurizer.core.synthetic;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.synthetic.SyntheticMarket.Channel;
import io.featurizer.core.synthetic.SyntheticMarket.Config;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticMarketTest {
    private static final long SECOND = 1_000_000_000L;

    /** A reference book on TreeMaps, fed from the L2 events only (independent of OrderBook). */
    static final class RefBook {
        final TreeMap<Double, Double> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Double, Double> asks = new TreeMap<>();

        void apply(BookUpdate u) {
            if (u.isSnapshot()) {
                bids.clear();
                asks.clear();
            }
            for (int i = 0; i < u.bidCount(); i++) {
                put(bids, u.bidPrice(i), u.bidSize(i));
            }
            for (int i = 0; i < u.askCount(); i++) {
                put(asks, u.askPrice(i), u.askSize(i));
            }
        }

        private static void put(TreeMap<Double, Double> side, double price, double size) {
            if (size == 0) {
                side.remove(price);
            } else {
                side.put(price, size);
            }
        }
    }

    private static List<Event> firstEvents(Config config, int n, List<Channel> channels) {
        SyntheticMarket m = new SyntheticMarket(config);
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Channel c = m.next();
            assertSame(c, m.channel());
            if (channels != null) {
                channels.add(c);
            }
            out.add(m.event().copy());
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameSequenceDifferentSeedDoesNot() {
        List<Channel> c1 = new ArrayList<>();
        List<Channel> c2 = new ArrayList<>();
        List<Event> a = firstEvents(Config.defaults(42), 50_000, c1);
        List<Event> b = firstEvents(Config.defaults(42), 50_000, c2);
        assertEquals(c1, c2);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), "event " + i); // ts, receiptTs and values bit for bit
        }
        List<Event> other = firstEvents(Config.defaults(43), 1_000, null);
        int differing = 0;
        for (int i = 0; i < other.size(); i++) {
            if (!other.get(i).equals(a.get(i))) {
                differing++;
            }
        }
        assertTrue(differing > 900, "seed 43 should differ from seed 42, differing events: " + differing);
        assertNotEquals(a.subList(0, 1_000), other);
    }

    @Test
    void eventTimesAreOrderedAndReceiptTimesStrictlyIncrease() {
        SyntheticMarket m = new SyntheticMarket(Config.defaults(1));
        long lastTs = Long.MIN_VALUE;
        long lastReceipt = Long.MIN_VALUE;
        for (int i = 0; i < 100_000; i++) {
            m.next();
            Event e = m.event();
            assertTrue(e.ts() >= lastTs, "event " + i + " ts went back");
            assertTrue(e.receiptTs() > lastReceipt, "event " + i + " receiptTs not strictly increasing");
            assertTrue(e.receiptTs() > e.ts(), "received after it happened");
            assertTrue(e.ts() >= m.config().startNanos());
            lastTs = e.ts();
            lastReceipt = e.receiptTs();
        }
    }

    @Test
    void firstBookEventIsASnapshotWithAllLevels() {
        SyntheticMarket m = new SyntheticMarket(Config.defaults(7));
        Channel c;
        do {
            c = m.next();
        } while (c != Channel.L2_BOOK);
        BookUpdate u = (BookUpdate) m.event();
        assertTrue(u.isSnapshot());
        assertEquals(m.config().levels(), u.bidCount());
        assertEquals(m.config().levels(), u.askCount());
        assertEquals(m.config().startNanos(), u.ts());
        assertTrue(m.truth().isInitialized());
    }

    /** Runs a market and checks, after every event, the truth book, the touch of trades/tickers and the sequence ids. */
    private static void checkMarketInvariants(Config config, int events) {
        SyntheticMarket m = new SyntheticMarket(config);
        RefBook ref = new RefBook();
        int levels = config.levels();
        double tick = config.tickSize();
        long lastSeq = Long.MIN_VALUE;
        int snapshots = 0;
        int trades = 0;
        int tickers = 0;
        for (int i = 0; i < events; i++) {
            Channel c = m.next();
            String at = "event " + i + " (" + c + ")";
            switch (c) {
                case L2_BOOK -> {
                    BookUpdate u = (BookUpdate) m.event();
                    if (u.isSnapshot()) {
                        snapshots++;
                        if (i > 0) { // a snapshot agrees with the book the deltas before it built
                            RefBook fromSnapshot = new RefBook();
                            fromSnapshot.apply(u);
                            assertEquals(ref.bids, fromSnapshot.bids, at + ": snapshot bids differ from the book before it");
                            assertEquals(ref.asks, fromSnapshot.asks, at + ": snapshot asks differ from the book before it");
                        }
                    }
                    if (lastSeq != Long.MIN_VALUE) {
                        assertEquals(lastSeq, u.prevSeq(), at + ": prevSeq");
                        assertEquals(lastSeq + 1, u.firstSeq(), at + ": firstSeq");
                    }
                    lastSeq = u.lastSeq();
                    ref.apply(u);
                }
                case TRADES -> {
                    trades++;
                    Trade t = (Trade) m.event();
                    double touch = t.side() == Side.BUY ? ref.asks.firstKey() : ref.bids.firstKey();
                    assertEquals(touch, t.price(), 0.0, at + ": a " + Side.name(t.side()) + " trades at the touch");
                    assertTrue(t.amount() > 0, at);
                    assertEquals(trades, t.id(), at + ": trade ids count up");
                }
                case TICKER -> {
                    tickers++;
                    Quote q = (Quote) m.event();
                    assertEquals(ref.bids.firstKey(), q.bidPrice(), 0.0, at);
                    assertEquals(ref.bids.firstEntry().getValue(), q.bidSize(), 0.0, at);
                    assertEquals(ref.asks.firstKey(), q.askPrice(), 0.0, at);
                    assertEquals(ref.asks.firstEntry().getValue(), q.askSize(), 0.0, at);
                }
            }
            // the truth book agrees with the reference built from the L2 events, is never crossed and keeps its depth
            OrderBook truth = m.truth();
            assertEquals(levels, ref.bids.size(), at + ": bid levels");
            assertEquals(levels, ref.asks.size(), at + ": ask levels");
            assertTrue(ref.bids.firstKey() < ref.asks.firstKey(), at + ": crossed book");
            assertEquals(levels, truth.bids().count(), at + ": truth bid levels");
            assertEquals(levels, truth.asks().count(), at + ": truth ask levels");
            assertTrue(truth.bids().price(0) < truth.asks().price(0), at + ": truth crossed");
            if (i % 97 == 0) {
                assertLadder(ref.bids, truth.bids(), at + " bids");
                assertLadder(ref.asks, truth.asks(), at + " asks");
                // one-tick spread on the tick grid
                assertEquals(tick, truth.asks().price(0) - truth.bids().price(0), tick * 1e-6, at + ": spread");
            }
        }
        assertTrue(trades > 0 && tickers > 0, "all channels seen");
        assertTrue(snapshots >= 1);
    }

    private static void assertLadder(TreeMap<Double, Double> ref, PriceLadder ladder, String what) {
        assertEquals(ref.size(), ladder.count(), what);
        int rank = 0;
        for (Map.Entry<Double, Double> e : ref.entrySet()) {
            assertEquals(e.getKey(), ladder.price(rank), 0.0, what + " price at rank " + rank);
            assertEquals(e.getValue(), ladder.size(rank), 0.0, what + " size at rank " + rank);
            rank++;
        }
    }

    @Test
    void defaultMarketKeepsItsInvariants() {
        checkMarketInvariants(Config.defaults(5), 40_000);
    }

    @Test
    void fastMovingShallowMarketKeepsItsInvariants() {
        // 5 levels, half of book messages move the price, snapshots every 2 s
        Config c = new Config(9, 1_000_000_000L, 5_000, 1_000, 500, 2 * SECOND, 5, 0.5, 100, 0.5);
        checkMarketInvariants(c, 40_000);
        Config oneLevel = new Config(10, 0, 3_000, 500, 500, SECOND, 1, 0.01, 10, 0.3);
        checkMarketInvariants(oneLevel, 15_000);
    }

    @Test
    void observedRatesAreWithinTenPercentOfTheConfiguredOnes() {
        for (Config c : new Config[] {Config.defaults(3), Config.defaults(4).withRates(500, 1_000, 50)}) {
            SyntheticMarket m = new SyntheticMarket(c);
            long end = c.startNanos() + 60 * SECOND;
            Map<Channel, Integer> counts = new EnumMap<>(Channel.class);
            while (true) {
                Channel ch = m.next();
                if (m.event().ts() >= end) {
                    break;
                }
                counts.merge(ch, 1, Integer::sum);
            }
            double[] expected = {c.bookUpdatesPerSecond() * 60, c.tradesPerSecond() * 60, c.tickersPerSecond() * 60};
            Channel[] chans = {Channel.L2_BOOK, Channel.TRADES, Channel.TICKER};
            for (int k = 0; k < 3; k++) {
                int n = counts.getOrDefault(chans[k], 0);
                assertEquals(expected[k], n, expected[k] * 0.10, chans[k] + " count over 60 s with " + c);
            }
        }
    }

    @Test
    void snapshotsComeAtTheConfiguredInterval() {
        Config c = new Config(12, Config.defaults(12).startNanos(), 1_000, 10, 10, 5 * SECOND, 20, 0.01, 30_000, 0.05);
        SyntheticMarket m = new SyntheticMarket(c);
        List<Long> snapshotTimes = new ArrayList<>();
        long lastBookTs = Long.MIN_VALUE;
        while (snapshotTimes.size() < 10) {
            if (m.next() == Channel.L2_BOOK) {
                BookUpdate u = (BookUpdate) m.event();
                if (u.isSnapshot()) {
                    snapshotTimes.add(u.ts());
                    if (snapshotTimes.size() > 1) {
                        long prev = snapshotTimes.get(snapshotTimes.size() - 2);
                        // the first book message at or after prev + interval is the snapshot
                        assertTrue(u.ts() >= prev + c.snapshotEveryNanos());
                        assertTrue(lastBookTs < prev + c.snapshotEveryNanos(), "a book message after the due time was a delta");
                    }
                } else if (!snapshotTimes.isEmpty()) {
                    assertTrue(u.ts() < snapshotTimes.get(snapshotTimes.size() - 1) + c.snapshotEveryNanos(), "a delta came when a snapshot was due");
                }
                lastBookTs = u.ts();
            }
        }
    }

    @Test
    void replayingTheBookEventsReproducesTheTruth() {
        SyntheticMarket m = new SyntheticMarket(Config.defaults(21));
        OrderBook replay = new OrderBook();
        for (int i = 0; i < 100_000; i++) {
            if (m.next() == Channel.L2_BOOK) {
                // replay a copy: the consumer must not depend on the generator's view
                replay.apply((BookUpdate) m.event().copy());
            }
            if (i % 1_000 == 0 || i == 99_999) {
                assertBooksEqual(m.truth(), replay, "event " + i);
            }
        }
        assertTrue(replay.isInitialized());
    }

    private static void assertBooksEqual(OrderBook expected, OrderBook actual, String what) {
        assertEquals(expected.bids().count(), actual.bids().count(), what + " bid count");
        assertEquals(expected.asks().count(), actual.asks().count(), what + " ask count");
        for (int r = 0; r < expected.bids().count(); r++) {
            assertEquals(Double.doubleToLongBits(expected.bids().price(r)), Double.doubleToLongBits(actual.bids().price(r)), what);
            assertEquals(Double.doubleToLongBits(expected.bids().size(r)), Double.doubleToLongBits(actual.bids().size(r)), what);
        }
        for (int r = 0; r < expected.asks().count(); r++) {
            assertEquals(Double.doubleToLongBits(expected.asks().price(r)), Double.doubleToLongBits(actual.asks().price(r)), what);
            assertEquals(Double.doubleToLongBits(expected.asks().size(r)), Double.doubleToLongBits(actual.asks().size(r)), what);
        }
    }

    @Test
    void eventIsAReusedViewOfItsChannelType() {
        SyntheticMarket m = new SyntheticMarket(Config.defaults(2));
        Map<Channel, Event> seen = new EnumMap<>(Channel.class);
        for (int i = 0; i < 5_000; i++) {
            Channel c = m.next();
            Event e = m.event();
            switch (c) {
                case L2_BOOK -> assertTrue(e instanceof BookUpdate);
                case TRADES -> assertTrue(e instanceof Trade);
                case TICKER -> assertTrue(e instanceof Quote);
            }
            Event prev = seen.putIfAbsent(c, e);
            if (prev != null) {
                assertSame(prev, e, "one reused object per channel");
            }
        }
        assertEquals(3, seen.size());
    }
}
