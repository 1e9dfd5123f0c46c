package io.featurizer.exchanges.okx;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented OKX messages decode to the values written in them (expected values copied by hand). */
class OkxFixturesTest {
    static final Subscription BOOK = new Subscription("BTC-USDT", Channel.L2_BOOK);
    static final Subscription TRADES = new Subscription("BTC-USDT", Channel.TRADES);
    static final Subscription TICKER = new Subscription("BTC-USDT", Channel.TICKER);

    private final OkxProtocol protocol = new OkxProtocol();
    private final FrameDecoder decoder = protocol.newDecoder(List.of(BOOK, TRADES, TICKER));
    private final RecordingSink sink = new RecordingSink();

    private void decode(String fixture, long receiptTs) throws MalformedFrameException {
        byte[] b = Fixtures.bytes(fixture);
        decoder.decode(b, 0, b.length, receiptTs, sink);
    }

    @Test
    void booksSnapshot() throws Exception {
        decode("ws_books_snapshot.json", 42L);
        assertEquals(1, sink.events.size());
        assertSame(BOOK, sink.subscriptions.get(0));
        BookUpdate u = (BookUpdate) sink.events.get(0);
        assertTrue(u.isSnapshot());
        assertEquals(1_597_026_383_085_000_000L, u.ts());
        assertEquals(42L, u.receiptTs());
        assertEquals(123456, u.firstSeq());
        assertEquals(123456, u.lastSeq());
        assertEquals(-1, u.prevSeq());
        double[][] asks = {{8476.98, 415}, {8477, 7}, {8477.34, 85}, {8477.56, 1}, {8505.84, 8}, {8506.37, 85}, {8506.49, 2}, {8506.96, 100}};
        double[][] bids = {{8476.97, 256}, {8475.55, 101}, {8475.54, 100}, {8475.3, 1}, {8447.32, 6}, {8447.02, 246}, {8446.83, 24}, {8446, 95}};
        assertEquals(8, u.askCount());
        assertEquals(8, u.bidCount());
        for (int i = 0; i < 8; i++) {
            assertEquals(asks[i][0], u.askPrice(i));
            assertEquals(asks[i][1], u.askSize(i));
            assertEquals(bids[i][0], u.bidPrice(i));
            assertEquals(bids[i][1], u.bidSize(i));
        }
        assertEquals(List.of(-855196043L), sink.checksums);
    }

    @Test
    void booksUpdate() throws Exception {
        decode("ws_books_update.json", 7L);
        BookUpdate u = (BookUpdate) sink.events.get(0);
        assertFalse(u.isSnapshot());
        assertEquals(123457, u.firstSeq());
        assertEquals(123457, u.lastSeq());
        assertEquals(123456, u.prevSeq());
        assertEquals(8, u.askCount());
        assertEquals(8446.0, u.bidPrice(7));
        assertEquals(95.0, u.bidSize(7));
        assertEquals(List.of(-855196043L), sink.checksums);
    }

    @Test
    void keepAlive() throws Exception {
        decode("ws_books_keepalive.json", 7L);
        BookUpdate u = (BookUpdate) sink.events.get(0);
        assertFalse(u.isSnapshot());
        assertEquals(0, u.askCount());
        assertEquals(0, u.bidCount());
        assertEquals(123457, u.prevSeq());
        assertEquals(123457, u.lastSeq());
        assertEquals(1_597_026_443_085_000_000L, u.ts());
    }

    @Test
    void trades() throws Exception {
        decode("ws_trades.json", 9L);
        assertEquals(1, sink.events.size());
        assertSame(TRADES, sink.subscriptions.get(0));
        Trade t = (Trade) sink.events.get(0);
        assertEquals(Side.BUY, t.side());
        assertEquals(42219.9, t.price());
        assertEquals(0.12060306, t.amount());
        assertEquals(130639474L, t.id());
        assertEquals(1_630_048_897_897_000_000L, t.ts());
        assertEquals(9L, t.receiptTs());
        assertTrue(sink.checksums.isEmpty());
    }

    @Test
    void tickers() throws Exception {
        decode("ws_tickers.json", 11L);
        assertSame(TICKER, sink.subscriptions.get(0));
        Quote q = (Quote) sink.events.get(0);
        assertEquals(8888.88, q.bidPrice());
        assertEquals(5.0, q.bidSize());
        assertEquals(9999.99, q.askPrice());
        assertEquals(11.0, q.askSize());
        assertEquals(1_597_026_383_085_000_000L, q.ts());
    }

    @Test
    void subscribeAckIsAHeartbeat() throws Exception {
        decode("ws_subscribe_ack.json", 1L);
        assertEquals(1, sink.heartbeats);
        assertTrue(sink.events.isEmpty());
        assertTrue(sink.errors.isEmpty());
    }

    @Test
    void errorEventIsASubscriptionErrorWithCodeAndMessage() throws Exception {
        decode("ws_subscribe_error.json", 1L);
        assertEquals(List.of("60012: Invalid request: {\"op\": \"subscribe\", \"argss\":[{ \"channel\" : \"books\", \"instId\" : \"BTC-USD-191227\"}]}"),
                sink.errors);
        assertEquals(0, sink.heartbeats);
    }

    @Test
    void pongIsAHeartbeat() throws Exception {
        decode("ws_pong.txt", 1L);
        assertEquals(1, sink.heartbeats);
        assertTrue(sink.events.isEmpty());
    }

    @Test
    void restBookResponse() throws Exception {
        BookUpdate into = new BookUpdate();
        protocol.decodeRestSnapshot(Fixtures.bytes("rest_books.json"), "BTC-USDT", 5L, into);
        assertTrue(into.isSnapshot());
        assertEquals(1, into.askCount());
        assertEquals(41006.8, into.askPrice(0));
        assertEquals(0.60038921, into.askSize(0));
        assertEquals(41006.3, into.bidPrice(0));
        assertEquals(0.30178218, into.bidSize(0));
        assertEquals(1_629_966_436_396_000_000L, into.ts());
        assertEquals(-1, into.lastSeq()); // the documented response has no seqId
    }

    @Test
    void subscribeRequestMatchesTheDocumentedOne() throws Exception {
        // The documented request without its optional client "id".
        assertEquals(List.of("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}"),
                protocol.subscribeFrames(List.of(BOOK)));
        // And the simulator reads the documented request (with "id" and whitespace) back.
        assertEquals(List.of(BOOK), new OkxEncoder().parseSubscribe(Fixtures.text("ws_subscribe_request.json")));
    }
}
