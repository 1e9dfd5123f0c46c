package io.featurizer.exchanges.okx;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.protocol.BookSync.Verdict;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's frames ({@link OkxEncoder}) read back by the client ({@link OkxDecoder}), with a
 * client book kept the way a connector keeps it ({@link OkxBookSync} verdicts): after every book push
 * the client's own checksum of its book equals the checksum in the frame, and its book equals the
 * synthetic market's true book level for level.
 */
class OkxRoundTripTest {
    static final String SYMBOL = "BTC-USDT";
    static final Subscription BOOK = new Subscription(SYMBOL, Channel.L2_BOOK);
    static final Subscription TRADES = new Subscription(SYMBOL, Channel.TRADES);
    static final Subscription TICKER = new Subscription(SYMBOL, Channel.TICKER);

    /** A connector's book handling, reduced to what the protocol decides. */
    static final class Client implements FrameSink {
        final OkxProtocol protocol = new OkxProtocol();
        final FrameDecoder decoder = protocol.newDecoder(List.of(BOOK, TRADES, TICKER));
        final OkxBookSync sync = new OkxBookSync();
        final OrderBook book = new OrderBook();
        final List<Event> others = new ArrayList<>();
        Verdict lastVerdict;
        Long lastFrameChecksum;
        long lastOwnChecksum;
        int checksumsCompared;
        int checksumMismatches;
        int heartbeats;

        void receive(String frame) throws MalformedFrameException {
            lastFrameChecksum = null;
            byte[] b = frame.getBytes(StandardCharsets.UTF_8);
            decoder.decode(b, 0, b.length, 1L, this);
        }

        @Override
        public void onEvent(Subscription subscription, Event event) {
            if (event instanceof BookUpdate u) {
                if (u.isSnapshot()) {
                    sync.onSnapshot(u);
                    lastVerdict = Verdict.APPLY;
                } else {
                    lastVerdict = sync.check(u);
                }
                if (lastVerdict == Verdict.APPLY) {
                    book.apply(u);
                }
            } else {
                others.add(event.copy());
            }
        }

        @Override
        public void onChecksum(Subscription subscription, long checksum) {
            lastFrameChecksum = checksum;
            if (lastVerdict == Verdict.APPLY || lastVerdict == Verdict.SKIP) { // the book is current
                lastOwnChecksum = protocol.checksum(book);
                checksumsCompared++;
                if (lastOwnChecksum != checksum) {
                    checksumMismatches++;
                }
            }
        }

        @Override
        public void onSubscriptionError(String message) {
            throw new AssertionError(message);
        }

        @Override
        public void onHeartbeat() {
            heartbeats++;
        }
    }

    static void assertSameBook(OrderBook truth, OrderBook client) {
        assertSameSide(truth.bids(), client.bids());
        assertSameSide(truth.asks(), client.asks());
    }

    static void assertSameSide(PriceLadder truth, PriceLadder client) {
        assertEquals(truth.count(), client.count());
        for (int i = 0; i < truth.count(); i++) {
            assertEquals(truth.price(i), client.price(i));
            assertEquals(truth.size(i), client.size(i));
        }
    }

    static BookUpdate snapshotOf(OrderBook book) {
        BookUpdate u = new BookUpdate().reset(0, 0, true);
        for (int i = 0; i < book.bids().count(); i++) {
            u.addBid(book.bids().price(i), book.bids().size(i));
        }
        for (int i = 0; i < book.asks().count(); i++) {
            u.addAsk(book.asks().price(i), book.asks().size(i));
        }
        return u;
    }

    private static SyntheticMarket market(long seed) {
        return new SyntheticMarket(SyntheticMarket.Config.defaults(seed).withRates(2_000, 400, 200));
    }

    /** Sends the market's next event through the encoder to the client; returns its channel. */
    private static SyntheticMarket.Channel step(SyntheticMarket m, OkxEncoder enc, Client client) throws MalformedFrameException {
        SyntheticMarket.Channel ch = m.next();
        switch (ch) {
            case L2_BOOK -> client.receive(enc.bookFrame(SYMBOL, (BookUpdate) m.event(), m.truth()));
            case TRADES -> client.receive(enc.tradeFrame(SYMBOL, (Trade) m.event()));
            case TICKER -> client.receive(enc.tickerFrame(SYMBOL, (Quote) m.event()));
        }
        return ch;
    }

    private static long ms(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L) * 1_000_000L;
    }

    @Test
    void everyBookPushVerifiesAndTheBookMatchesTheTruth() throws Exception {
        SyntheticMarket m = market(11);
        OkxEncoder enc = new OkxEncoder();
        Client client = new Client();
        // the market runs before the client subscribes; the subscription answers with a snapshot
        for (int i = 0; i < 500; i++) {
            m.next();
        }
        for (String f : enc.acknowledge(List.of(BOOK, TRADES, TICKER), sym -> snapshotOf(m.truth()))) {
            client.receive(f);
        }
        assertEquals(3, client.heartbeats);
        assertSameBook(m.truth(), client.book);
        assertEquals(1, client.checksumsCompared);

        int books = 0;
        for (int i = 0; i < 20_000; i++) {
            SyntheticMarket.Channel ch = step(m, enc, client);
            if (ch == SyntheticMarket.Channel.L2_BOOK) {
                books++;
                assertEquals(Verdict.APPLY, client.lastVerdict);
                assertNotNull(client.lastFrameChecksum, "every book push carries a checksum");
                assertEquals(client.lastFrameChecksum.longValue(), client.lastOwnChecksum);
                assertSameBook(m.truth(), client.book);
            } else {
                Event got = client.others.remove(client.others.size() - 1);
                if (ch == SyntheticMarket.Channel.TRADES) {
                    Trade want = (Trade) m.event();
                    Trade t = (Trade) got;
                    assertEquals(want.side(), t.side());
                    assertEquals(want.price(), t.price());
                    assertEquals(want.amount(), t.amount());
                    assertEquals(want.id(), t.id());
                    assertEquals(ms(want.ts()), t.ts()); // OKX times are milliseconds
                } else {
                    Quote want = (Quote) m.event();
                    Quote q = (Quote) got;
                    assertEquals(want.bidPrice(), q.bidPrice());
                    assertEquals(want.bidSize(), q.bidSize());
                    assertEquals(want.askPrice(), q.askPrice());
                    assertEquals(want.askSize(), q.askSize());
                    assertEquals(ms(want.ts()), q.ts());
                }
            }
        }
        assertTrue(books > 10_000, "mostly book pushes: " + books);
        assertEquals(books + 1, client.checksumsCompared);
        assertEquals(0, client.checksumMismatches);
    }

    @Test
    void aCorruptedChecksumDiffersOnceThenAgreesAgain() throws Exception {
        SyntheticMarket m = market(5);
        OkxEncoder enc = new OkxEncoder();
        Client client = new Client();
        for (String f : enc.acknowledge(List.of(BOOK), sym -> null)) {
            client.receive(f);
        }
        while (step(m, enc, client) != SyntheticMarket.Channel.L2_BOOK || client.book.bids().count() == 0) {
            // until the first snapshot is in
        }
        enc.corruptNextChecksum(SYMBOL);
        int mismatchesSeen = 0;
        int booksAfter = 0;
        for (int i = 0; i < 2_000; i++) {
            if (step(m, enc, client) == SyntheticMarket.Channel.L2_BOOK) {
                booksAfter++;
                boolean differs = client.lastFrameChecksum != client.lastOwnChecksum;
                if (booksAfter == 1) {
                    assertTrue(differs, "the corrupted push must not verify");
                    assertNotEquals(0L, client.lastFrameChecksum.longValue());
                    mismatchesSeen++;
                } else {
                    assertEquals(client.lastFrameChecksum.longValue(), client.lastOwnChecksum);
                }
                assertSameBook(m.truth(), client.book); // the book itself was right all along
            }
        }
        assertEquals(1, mismatchesSeen);
        assertEquals(1, client.checksumMismatches);
    }

    @Test
    void aSkippedSequenceResyncsThroughResubscription() throws Exception {
        SyntheticMarket m = market(9);
        OkxEncoder enc = new OkxEncoder();
        Client client = new Client();
        for (String f : enc.acknowledge(List.of(BOOK), sym -> null)) {
            client.receive(f);
        }
        while (step(m, enc, client) != SyntheticMarket.Channel.L2_BOOK || !client.book.isInitialized()) {
            // until the first snapshot is in
        }
        for (int i = 0; i < 200; i++) {
            step(m, enc, client);
        }
        enc.skipSequence(SYMBOL, 3);
        SyntheticMarket.Channel ch;
        do {
            ch = step(m, enc, client);
        } while (ch != SyntheticMarket.Channel.L2_BOOK);
        assertEquals(Verdict.RESYNC, client.lastVerdict);

        // the client asks for a fresh snapshot the OKX way; the simulator answers the subscribe with one
        List<String> requests = client.protocol.resnapshotFrames(BOOK);
        assertEquals(2, requests.size());
        assertTrue(enc.parseSubscribe(requests.get(0)).isEmpty(), "unsubscribe asks for nothing");
        List<Subscription> again = enc.parseSubscribe(requests.get(1));
        assertEquals(List.of(BOOK), again);
        // pushes sent before the answer arrive first and are buffered
        step(m, enc, client);
        for (String f : enc.acknowledge(again, sym -> snapshotOf(m.truth()))) {
            client.receive(f);
        }
        assertSameBook(m.truth(), client.book);
        for (int i = 0; i < 1_000; i++) {
            if (step(m, enc, client) == SyntheticMarket.Channel.L2_BOOK) {
                assertEquals(Verdict.APPLY, client.lastVerdict);
                assertEquals(client.lastFrameChecksum.longValue(), client.lastOwnChecksum);
                assertSameBook(m.truth(), client.book);
            }
        }
        assertEquals(0, client.checksumMismatches);
    }

    @Test
    void keepAlivePushesAreSkippedAndTheChainContinues() throws Exception {
        SyntheticMarket m = market(3);
        OkxEncoder enc = new OkxEncoder();
        Client client = new Client();
        for (String f : enc.acknowledge(List.of(BOOK), sym -> null)) {
            client.receive(f);
        }
        for (int i = 0; i < 300; i++) {
            step(m, enc, client);
        }
        long before = client.sync.lastSeqId();
        client.receive(enc.keepAliveFrame(SYMBOL, 0, m.truth()));
        assertEquals(Verdict.SKIP, client.lastVerdict);
        assertEquals(before, client.sync.lastSeqId());
        assertEquals(client.lastFrameChecksum.longValue(), client.lastOwnChecksum); // the book is unchanged
        SyntheticMarket.Channel ch;
        do {
            ch = step(m, enc, client);
        } while (ch != SyntheticMarket.Channel.L2_BOOK);
        assertEquals(Verdict.APPLY, client.lastVerdict);
        assertSameBook(m.truth(), client.book);
    }

    @Test
    void pingPong() throws Exception {
        OkxEncoder enc = new OkxEncoder();
        OkxProtocol p = new OkxProtocol();
        assertEquals("pong", enc.pong(p.pingFrame()));
        assertEquals(null, enc.pong("{\"op\":\"subscribe\"}"));
        assertTrue(enc.parseSubscribe(p.pingFrame()).isEmpty());
        Client client = new Client();
        client.receive(enc.pong(p.pingFrame()));
        assertEquals(1, client.heartbeats);
    }

    @Test
    void seqIdsAdvanceByVaryingSteps() throws Exception {
        SyntheticMarket m = market(1);
        OkxEncoder enc = new OkxEncoder();
        Client client = new Client();
        List<Long> steps = new ArrayList<>();
        long last = -1;
        for (int i = 0; i < 200; i++) {
            if (step(m, enc, client) == SyntheticMarket.Channel.L2_BOOK) {
                long seq = client.sync.lastSeqId();
                if (last >= 0) {
                    steps.add(seq - last);
                }
                last = seq;
            }
        }
        assertTrue(steps.stream().distinct().count() > 1, "steps " + steps);
    }
}
