package io.featurizer.exchanges.bybit;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The synthetic market through the simulator's encoder and the client's decoder: every event comes back
 * with the same values (times cut to Bybit's milliseconds), and a client keeping the book with
 * BybitBookSync has the true book after every message, including after a sequence gap and the
 * unsubscribe/subscribe resync.
 */
class BybitRoundTripTest {
    private String symbol = "BTC-USDT";
    private Subscription bookSub;
    private Subscription tradesSub;
    private Subscription tickerSub;
    private List<Subscription> subs;

    /** The category's protocol and one of its instruments; options at depth 100, so a snapshot holds the synthetic 50 levels. */
    private BybitProtocol protocol(BybitCategory category) {
        symbol = category == BybitCategory.OPTION ? "BTC-27DEC26-100000-C" : "BTC-USDT";
        bookSub = new Subscription(symbol, Channel.L2_BOOK);
        tradesSub = new Subscription(symbol, Channel.TRADES);
        tickerSub = new Subscription(symbol, Channel.TICKER);
        subs = List.of(bookSub, tradesSub, tickerSub);
        return category == BybitCategory.OPTION ? new BybitProtocol(category, 100) : new BybitProtocol(category);
    }

    /** The client side of one connection, as a connector would run it: book sync, buffering, resync requests. */
    private final class Client implements FrameSink {
        final BybitProtocol protocol;
        final FrameDecoder decoder;
        final BookSync sync;
        final OrderBook book = new OrderBook();
        final List<BookUpdate> buffered = new ArrayList<>();
        final List<Event> received = new ArrayList<>();
        final List<String> outbox = new ArrayList<>();
        int heartbeats;
        int resyncs;
        int snapshots;

        Client(BybitProtocol protocol) {
            this.protocol = protocol;
            this.decoder = protocol.newDecoder(subs);
            this.sync = protocol.newBookSync();
        }

        void receive(String frame, long receiptTs) throws MalformedFrameException {
            byte[] b = frame.getBytes(StandardCharsets.UTF_8);
            decoder.decode(b, 0, b.length, receiptTs, this);
        }

        @Override
        public void onEvent(Subscription subscription, Event event) {
            received.add(event.copy());
            if (subscription.channel() != Channel.L2_BOOK) {
                return;
            }
            BookUpdate u = (BookUpdate) event;
            if (u.isSnapshot()) {
                snapshots++;
                sync.onSnapshot(u);
                book.apply(u);
                List<BookUpdate> pending = new ArrayList<>(buffered);
                buffered.clear();
                for (BookUpdate p : pending) {
                    judge(p);
                }
                return;
            }
            judge(u);
        }

        private void judge(BookUpdate u) {
            switch (sync.check(u)) {
                case APPLY -> book.apply(u);
                case SKIP -> {
                }
                case BUFFER -> buffered.add(u.copy());
                case RESYNC -> {
                    resyncs++;
                    outbox.addAll(protocol.resnapshotFrames(bookSub));
                }
            }
        }

        @Override
        public void onSubscriptionError(String message) {
            fail("subscription error: " + message);
        }

        @Override
        public void onHeartbeat() {
            heartbeats++;
        }
    }

    /** The simulator side: answers the client's frames as BybitEncoder says it should be driven. */
    private static void serve(BybitEncoder encoder, Client client, SyntheticMarket market, long receiptTs) throws Exception {
        while (!client.outbox.isEmpty()) {
            String request = client.outbox.remove(0);
            List<Subscription> subs = encoder.parseSubscribe(request);
            List<String> replies = subs.isEmpty() ? List.of(encoder.pong(request)) : encoder.acknowledge(subs, sym -> snapshotOf(market.truth(), market.event().ts()));
            for (String r : replies) {
                client.receive(r, receiptTs);
            }
        }
    }

    private static BookUpdate snapshotOf(OrderBook truth, long ts) {
        BookUpdate s = new BookUpdate().reset(ts, ts, true);
        for (int i = 0; i < truth.bids().count(); i++) {
            s.addBid(truth.bids().price(i), truth.bids().size(i));
        }
        for (int i = 0; i < truth.asks().count(); i++) {
            s.addAsk(truth.asks().price(i), truth.asks().size(i));
        }
        return s;
    }

    private static void assertSameBook(OrderBook truth, OrderBook client, String when) {
        assertSameSide(truth.bids(), client.bids(), "bids " + when);
        assertSameSide(truth.asks(), client.asks(), "asks " + when);
    }

    private static void assertSameSide(PriceLadder t, PriceLadder c, String when) {
        assertEquals(t.count(), c.count(), "level count of " + when);
        for (int i = 0; i < t.count(); i++) {
            if (t.price(i) != c.price(i) || t.size(i) != c.size(i)) {
                fail(when + ": level " + i + " is " + c.price(i) + " x " + c.size(i) + ", truth " + t.price(i) + " x " + t.size(i));
            }
        }
    }

    private static long millisOf(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L) * 1_000_000L;
    }

    @ParameterizedTest
    @EnumSource(BybitCategory.class)
    void syntheticMarketRoundTrip(BybitCategory category) throws Exception {
        BybitProtocol protocol = protocol(category);
        SyntheticMarket.Config d = SyntheticMarket.Config.defaults(42);
        // a full book snapshot every second of market time, so the stream carries snapshots as well as deltas
        SyntheticMarket market = new SyntheticMarket(new SyntheticMarket.Config(d.seed(), d.startNanos(), d.bookUpdatesPerSecond(),
                d.tradesPerSecond(), d.tickersPerSecond(), 1_000_000_000L, d.levels(), d.tickSize(), d.startPrice(), d.moveProbability()));
        for (int i = 0; i < 500; i++) {
            market.next(); // the market runs before the client arrives
        }
        BybitEncoder encoder = new BybitEncoder(protocol, List.of(symbol));
        Client client = new Client(protocol);
        client.outbox.addAll(protocol.subscribeFrames(subs));
        serve(encoder, client, market, 1);
        assertEquals(1, client.heartbeats);
        assertEquals(1, client.snapshots);
        assertSameBook(market.truth(), client.book, "after subscribing");

        Quote lastQuote = null;
        if (category == BybitCategory.SPOT) { // the orderbook.1 snapshot sent with the ack
            Quote q = assertInstanceOf(Quote.class, client.received.get(client.received.size() - 1));
            assertEquals(market.truth().bids().price(0), q.bidPrice());
            lastQuote = q;
        }
        int books = 0, trades = 0, quotes = 0, snapshots = 0;
        for (int i = 0; i < 20_000; i++) {
            SyntheticMarket.Channel ch = market.next();
            Event e = market.event();
            int before = client.received.size();
            long receipt = e.receiptTs();
            switch (ch) {
                case L2_BOOK -> {
                    BookUpdate u = (BookUpdate) e;
                    client.receive(encoder.bookFrame(symbol, u, market.truth()), receipt);
                    BookUpdate back = assertInstanceOf(BookUpdate.class, client.received.get(before));
                    assertEquals(u.isSnapshot(), back.isSnapshot());
                    assertEquals(millisOf(u.ts()), back.ts());
                    assertEquals(receipt, back.receiptTs());
                    if (!u.isSnapshot()) {
                        assertEquals(u.bidCount(), back.bidCount());
                        assertEquals(u.askCount(), back.askCount());
                        for (int k = 0; k < u.bidCount(); k++) {
                            assertEquals(u.bidPrice(k), back.bidPrice(k));
                            assertEquals(u.bidSize(k), back.bidSize(k));
                        }
                        for (int k = 0; k < u.askCount(); k++) {
                            assertEquals(u.askPrice(k), back.askPrice(k));
                            assertEquals(u.askSize(k), back.askSize(k));
                        }
                    }
                    assertSameBook(market.truth(), client.book, "after book message " + i);
                    books++;
                    snapshots += u.isSnapshot() ? 1 : 0;
                }
                case TRADES -> {
                    Trade t = (Trade) e;
                    client.receive(encoder.tradeFrame(symbol, t), receipt);
                    Trade back = assertInstanceOf(Trade.class, client.received.get(before));
                    assertEquals(client.received.size(), before + 1);
                    assertEquals(millisOf(t.ts()), back.ts());
                    assertEquals(t.side(), back.side());
                    assertEquals(t.price(), back.price());
                    assertEquals(t.amount(), back.amount());
                    assertEquals(t.id(), back.id());
                    trades++;
                }
                case TICKER -> {
                    Quote q = (Quote) e;
                    client.receive(encoder.tickerFrame(symbol, q), receipt);
                    boolean changed = lastQuote == null || !q.sameValues(lastQuote);
                    // linear tickers deltas carry only what changed, so an unchanged quote is not repeated; spot's
                    // orderbook.1 stream and option tickers (whole snapshots) give a quote for every message
                    boolean expected = category != BybitCategory.LINEAR || changed;
                    assertEquals(expected ? before + 1 : before, client.received.size(), "quote " + i);
                    if (expected) {
                        Quote back = assertInstanceOf(Quote.class, client.received.get(before));
                        assertEquals(millisOf(q.ts()), back.ts());
                        assertTrue(q.sameValues(back), q + " came back as " + back);
                        quotes++;
                    }
                    lastQuote = q.copy();
                }
            }
        }
        assertEquals(0, client.resyncs);
        assertTrue(books > 10_000 && trades > 1_000 && quotes > 500 && snapshots >= 5, books + " " + trades + " " + quotes + " " + snapshots);
    }

    @ParameterizedTest
    @EnumSource(BybitCategory.class)
    void aGapIsRepairedByResubscribing(BybitCategory category) throws Exception {
        BybitProtocol protocol = protocol(category);
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(2_000, 0, 0));
        market.next();
        BybitEncoder encoder = new BybitEncoder(protocol, List.of(symbol));
        Client client = new Client(protocol);
        client.outbox.addAll(protocol.subscribeFrames(List.of(bookSub)));
        serve(encoder, client, market, 1);
        int gaps = 0;
        for (int i = 0; i < 5_000; i++) {
            market.next();
            if (i % 1000 == 500) {
                encoder.skipSequence(symbol, 1 + i % 3);
                gaps++;
            }
            client.receive(encoder.bookFrame(symbol, (BookUpdate) market.event(), market.truth()), 2);
            if (!client.outbox.isEmpty()) {
                // in flight while the resync request travels: a few more deltas reach the client and are buffered
                for (int k = 0; k < 3; k++) {
                    market.next();
                    client.receive(encoder.bookFrame(symbol, (BookUpdate) market.event(), market.truth()), 2);
                }
                assertTrue(client.buffered.size() >= 3, "deltas after the gap wait for the snapshot");
                serve(encoder, client, market, 3);
                assertTrue(client.buffered.isEmpty());
            }
            assertSameBook(market.truth(), client.book, "after message " + i);
        }
        assertEquals(gaps, client.resyncs);
        assertTrue(client.snapshots > gaps); // the first, one per resync, and the market's own periodic ones
    }

    @ParameterizedTest
    @EnumSource(BybitCategory.class)
    void aRestartSnapshotWithUOneIsFollowed(BybitCategory category) throws Exception {
        BybitProtocol protocol = protocol(category);
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(11).withRates(2_000, 0, 0));
        market.next();
        BybitEncoder before = new BybitEncoder(protocol, List.of(symbol));
        Client client = new Client(protocol);
        client.outbox.addAll(protocol.subscribeFrames(List.of(bookSub)));
        serve(before, client, market, 1);
        for (int i = 0; i < 300; i++) {
            market.next();
            client.receive(before.bookFrame(symbol, (BookUpdate) market.event(), market.truth()), 2);
        }
        // Bybit restarts its service: numbering starts again at u = 1 with a snapshot
        BybitEncoder after = new BybitEncoder(protocol, List.of(symbol));
        after.parseSubscribe(protocol.subscribeFrames(List.of(bookSub)).get(0));
        String restart = after.acknowledge(List.of(bookSub), sym -> snapshotOf(market.truth(), market.event().ts())).get(1);
        assertTrue(restart.contains("\"u\":1,"), restart);
        client.receive(restart, 3);
        for (int i = 0; i < 300; i++) {
            market.next();
            client.receive(after.bookFrame(symbol, (BookUpdate) market.event(), market.truth()), 4);
            assertSameBook(market.truth(), client.book, "after restart message " + i);
        }
        assertEquals(0, client.resyncs);
    }
}
