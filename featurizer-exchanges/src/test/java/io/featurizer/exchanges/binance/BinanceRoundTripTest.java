package io.featurizer.exchanges.binance;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.BookSync.Verdict;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synthetic market → {@link BinanceEncoder} → frames → {@link BinanceDecoder} → a client following
 * the documented rules ({@link BookSync}) with REST snapshots from the encoder. The normalized fields
 * must come back as they went in, and the client's book must equal the market's true book.
 */
class BinanceRoundTripTest {
    private static final String SYMBOL = "BTC-USDT";
    private static final long MS = 1_000_000L;

    /** A client of one symbol: decoder, rules, book, and the buffer the rules ask for. */
    private static final class Client implements FrameSink {
        final BinanceProtocol protocol;
        final FrameDecoder decoder;
        final BookSync sync;
        final OrderBook book = new OrderBook();
        final ArrayDeque<BookUpdate> buffer = new ArrayDeque<>();
        Subscription lastSubscription;
        Event last;
        Verdict lastVerdict;
        int resyncs;

        Client(BinanceProtocol protocol) {
            this.protocol = protocol;
            this.decoder = protocol.newDecoder(List.of(new Subscription(SYMBOL, Channel.L2_BOOK), new Subscription(SYMBOL, Channel.TRADES),
                    new Subscription(SYMBOL, Channel.TICKER)));
            this.sync = protocol.newBookSync();
        }

        void receive(String frame, long receiptTs) throws MalformedFrameException {
            byte[] b = frame.getBytes(StandardCharsets.UTF_8);
            last = null;
            lastVerdict = null;
            decoder.decode(b, 0, b.length, receiptTs, this);
        }

        @Override
        public void onEvent(Subscription subscription, Event event) {
            lastSubscription = subscription;
            last = event;
            if (event instanceof BookUpdate u) {
                lastVerdict = sync.check(u);
                switch (lastVerdict) {
                    case APPLY -> book.apply(u);
                    case BUFFER -> buffer.addLast(u.copy());
                    case RESYNC -> {
                        resyncs++;
                        buffer.addLast(u.copy());
                    }
                    case SKIP -> {
                    }
                }
            }
        }

        @Override
        public void onSubscriptionError(String message) {
            throw new AssertionError(message);
        }

        /** Takes a REST snapshot and replays the buffer through the rules. */
        void snapshot(String body, long receiptTs) throws MalformedFrameException {
            BookUpdate s = new BookUpdate();
            protocol.decodeRestSnapshot(body.getBytes(StandardCharsets.UTF_8), SYMBOL, receiptTs, s);
            sync.reset();
            sync.onSnapshot(s);
            book.apply(s);
            while (!buffer.isEmpty()) {
                BookUpdate d = buffer.pollFirst();
                Verdict v = sync.check(d);
                assertTrue(v == Verdict.APPLY || v == Verdict.SKIP, "buffered delta after the snapshot: " + v);
                if (v == Verdict.APPLY) {
                    book.apply(d);
                }
            }
        }
    }

    private static SyntheticMarket market(long seed) {
        // snapshots every 2 s of market time, so several pass through the encoder
        return new SyntheticMarket(new SyntheticMarket.Config(seed, 1_675_245_600_000_000_000L, 2_000, 400, 200, 2_000_000_000L, 20, 0.01,
                30_000, 0.05));
    }

    private static String encode(BinanceEncoder encoder, SyntheticMarket m) {
        return switch (m.channel()) {
            case L2_BOOK -> encoder.bookFrame(SYMBOL, (BookUpdate) m.event(), m.truth());
            case TRADES -> encoder.tradeFrame(SYMBOL, (Trade) m.event());
            case TICKER -> encoder.tickerFrame(SYMBOL, (Quote) m.event());
        };
    }

    private static void assertSameBook(OrderBook truth, OrderBook client, String when) {
        assertSameSide(truth.bids(), client.bids(), "bids " + when);
        assertSameSide(truth.asks(), client.asks(), "asks " + when);
    }

    private static void assertSameSide(PriceLadder truth, PriceLadder client, String when) {
        assertEquals(truth.count(), client.count(), "levels of " + when);
        for (int i = 0; i < truth.count(); i++) {
            assertEquals(truth.price(i), client.price(i), "price at rank " + i + " of " + when);
            assertEquals(truth.size(i), client.size(i), "size at rank " + i + " of " + when);
        }
    }

    /** The client joins: the first book frame arrives before the REST snapshot and is buffered. */
    private static void join(Client client, BinanceEncoder encoder, SyntheticMarket m) throws MalformedFrameException {
        assertEquals(SyntheticMarket.Channel.L2_BOOK, m.next()); // the market starts with its full book
        client.receive(encode(encoder, m), 1);
        assertEquals(Verdict.BUFFER, client.lastVerdict, "a delta before any snapshot");
        client.snapshot(encoder.restSnapshot(SYMBOL, m.truth(), BinanceProtocol.SNAPSHOT_LIMIT), 2);
        assertSameBook(m.truth(), client.book, "after joining");
    }

    @ParameterizedTest
    @EnumSource(BinanceProtocol.Market.class)
    void normalizedFieldsAndTheBookSurviveTheWire(BinanceProtocol.Market marketKind) throws Exception {
        BinanceProtocol protocol = new BinanceProtocol(marketKind);
        BinanceEncoder encoder = protocol.newEncoder();
        Client client = new Client(protocol);
        SyntheticMarket m = market(7);
        join(client, encoder, m);
        int books = 0, snapshots = 0, trades = 0, tickers = 0;
        for (int i = 0; i < 20_000; i++) {
            SyntheticMarket.Channel ch = m.next();
            Event sent = m.event();
            long receipt = 1_000_000_000L + i;
            client.receive(encode(encoder, m), receipt);
            Event got = client.last;
            assertEquals(SYMBOL, client.lastSubscription.symbol());
            boolean timeless = ch == SyntheticMarket.Channel.TICKER && !marketKind.isFutures(); // spot bookTicker has no time
            assertEquals(timeless ? receipt : sent.ts() / MS * MS, got.ts(), "venue times are milliseconds");
            assertEquals(receipt, got.receiptTs());
            switch (ch) {
                case L2_BOOK -> {
                    BookUpdate in = (BookUpdate) sent;
                    BookUpdate out = (BookUpdate) got;
                    assertEquals(Channel.L2_BOOK, client.lastSubscription.channel());
                    assertEquals(Verdict.APPLY, client.lastVerdict, "event " + i);
                    if (in.isSnapshot()) {
                        snapshots++;
                    } else { // a delta goes out level for level
                        assertEquals(in.bidCount(), out.bidCount());
                        assertEquals(in.askCount(), out.askCount());
                        for (int k = 0; k < in.bidCount(); k++) {
                            assertEquals(in.bidPrice(k), out.bidPrice(k));
                            assertEquals(in.bidSize(k), out.bidSize(k));
                        }
                        for (int k = 0; k < in.askCount(); k++) {
                            assertEquals(in.askPrice(k), out.askPrice(k));
                            assertEquals(in.askSize(k), out.askSize(k));
                        }
                    }
                    if (marketKind.isFutures()) {
                        assertEquals(out.prevSeq(), out.firstSeq(), "the encoder's futures U restates pu");
                    } else {
                        assertEquals(-1, out.prevSeq(), "spot has no pu");
                    }
                    assertSameBook(m.truth(), client.book, "after event " + i);
                    books++;
                }
                case TRADES -> {
                    Trade in = (Trade) sent;
                    Trade out = (Trade) got;
                    assertEquals(Channel.TRADES, client.lastSubscription.channel());
                    assertEquals(in.side(), out.side());
                    assertEquals(in.price(), out.price());
                    assertEquals(in.amount(), out.amount());
                    assertEquals(in.id(), out.id());
                    trades++;
                }
                case TICKER -> {
                    Quote in = (Quote) sent;
                    Quote out = (Quote) got;
                    assertEquals(Channel.TICKER, client.lastSubscription.channel());
                    assertEquals(in.bidPrice(), out.bidPrice());
                    assertEquals(in.bidSize(), out.bidSize());
                    assertEquals(in.askPrice(), out.askPrice());
                    assertEquals(in.askSize(), out.askSize());
                    tickers++;
                }
            }
        }
        assertEquals(0, client.resyncs);
        assertTrue(books > 10_000 && snapshots >= 3 && trades > 1_000 && tickers > 500,
                books + " books, " + snapshots + " snapshots, " + trades + " trades, " + tickers + " tickers");
    }

    @ParameterizedTest
    @EnumSource(BinanceProtocol.Market.class)
    void skippedIdsMakeTheClientResyncAndAFreshSnapshotRestoresTheBook(BinanceProtocol.Market marketKind) throws Exception {
        BinanceProtocol protocol = new BinanceProtocol(marketKind);
        BinanceEncoder encoder = protocol.newEncoder();
        Client client = new Client(protocol);
        SyntheticMarket m = market(11);
        join(client, encoder, m);
        for (int gap = 0; gap < 5; gap++) {
            for (int i = 0; i < 500; i++) {
                m.next();
                client.receive(encode(encoder, m), i);
            }
            assertSameBook(m.truth(), client.book, "before gap " + gap);
            encoder.skipSequence(SYMBOL, 3 + gap);
            while (m.next() != SyntheticMarket.Channel.L2_BOOK) {
                client.receive(encode(encoder, m), 0); // trades and tickers do not care
            }
            client.receive(encode(encoder, m), 0);
            assertEquals(Verdict.RESYNC, client.lastVerdict, "gap " + gap);
            assertEquals(gap + 1, client.resyncs);
            // deltas while the snapshot is on its way are buffered, then the REST snapshot catches up
            int buffered = 0;
            while (buffered < 3) {
                if (m.next() == SyntheticMarket.Channel.L2_BOOK) {
                    buffered++;
                }
                client.receive(encode(encoder, m), 0);
                if (m.channel() == SyntheticMarket.Channel.L2_BOOK) {
                    assertEquals(Verdict.BUFFER, client.lastVerdict);
                }
            }
            client.snapshot(encoder.restSnapshot(SYMBOL, m.truth(), BinanceProtocol.SNAPSHOT_LIMIT), 0);
            assertSameBook(m.truth(), client.book, "after resync " + gap);
        }
    }

    @ParameterizedTest
    @EnumSource(BinanceProtocol.Market.class)
    void aDuplicatedFrameIsSkipped(BinanceProtocol.Market marketKind) throws Exception {
        BinanceProtocol protocol = new BinanceProtocol(marketKind);
        BinanceEncoder encoder = protocol.newEncoder();
        Client client = new Client(protocol);
        SyntheticMarket m = market(3);
        join(client, encoder, m);
        while (m.next() != SyntheticMarket.Channel.L2_BOOK) {
            client.receive(encode(encoder, m), 0);
        }
        String frame = encode(encoder, m);
        client.receive(frame, 0);
        assertEquals(Verdict.APPLY, client.lastVerdict);
        client.receive(frame, 0);
        assertEquals(Verdict.SKIP, client.lastVerdict);
        assertSameBook(m.truth(), client.book, "after the duplicate");
    }
}
