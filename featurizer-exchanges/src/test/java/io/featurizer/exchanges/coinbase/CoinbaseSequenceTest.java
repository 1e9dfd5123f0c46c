package io.featurizer.exchanges.coinbase;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.BookSync.Verdict;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.featurizer.exchanges.coinbase.RecordingSink.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Connection-wide sequence_num gaps reach each book through the decoder's chain and CoinbaseBookSync. */
class CoinbaseSequenceTest {
    static final Subscription BTC = new Subscription("BTC-USD", Channel.L2_BOOK);
    static final Subscription ETH = new Subscription("ETH-USD", Channel.L2_BOOK);
    static final Subscription BTC_TRADES = new Subscription("BTC-USD", Channel.TRADES);

    final CoinbaseDecoder decoder = new CoinbaseDecoder(List.of(BTC, ETH, BTC_TRADES));
    final RecordingSink sink = new RecordingSink();

    static String l2(long seq, String type, String product, String side, String price, String qty) {
        return "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":" + seq
                + ",\"events\":[{\"type\":\"" + type + "\",\"product_id\":\"" + product + "\",\"updates\":[{\"side\":\"" + side
                + "\",\"event_time\":\"2026-04-07T14:30:00Z\",\"price_level\":\"" + price + "\",\"new_quantity\":\"" + qty + "\"}]}]}";
    }

    static String trade(long seq) {
        return "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":" + seq
                + ",\"events\":[{\"type\":\"update\",\"trades\":[{\"trade_id\":\"" + seq + "\",\"product_id\":\"BTC-USD\","
                + "\"price\":\"100\",\"size\":\"1\",\"side\":\"SELL\",\"time\":\"2026-04-07T14:30:00Z\"}]}]}";
    }

    static String heartbeat(long seq) {
        return "{\"channel\":\"heartbeats\",\"client_id\":\"\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":" + seq
                + ",\"events\":[{\"current_time\":\"2026-04-07 14:30:00.0 +0000 UTC\",\"heartbeat_counter\":\"" + seq + "\"}]}";
    }

    /** Decodes a frame and returns the book update it produced (a copy), or null. */
    BookUpdate feed(String frame) throws MalformedFrameException {
        int before = sink.events.size();
        byte[] b = utf8(frame);
        decoder.decode(b, 0, b.length, 1, sink);
        for (int i = before; i < sink.events.size(); i++) {
            if (sink.events.get(i).event() instanceof BookUpdate u) {
                return u;
            }
        }
        return null;
    }

    @Test
    void contiguousMessagesOnAllChannelsKeepTheChain() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        BookUpdate snap = feed(l2(0, "snapshot", "BTC-USD", "bid", "100", "1"));
        assertEquals(Verdict.BUFFER, sync.check(snap)); // not yet a snapshot taken by the sync
        sync.onSnapshot(snap);
        feed(trade(1));
        feed(heartbeat(2));
        BookUpdate d = feed(l2(3, "update", "BTC-USD", "bid", "100", "2"));
        assertEquals(3, d.lastSeq());
        assertEquals(0, d.prevSeq()); // the previous BTC-USD book message, nothing lost since
        assertEquals(Verdict.APPLY, sync.check(d));
        assertEquals(Verdict.APPLY, sync.check(feed(l2(4, "update", "BTC-USD", "offer", "101", "1"))));
        assertEquals(0, decoder.gaps());
    }

    @Test
    void aGapOnAnotherChannelMakesTheNextDeltaResync() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        sync.onSnapshot(feed(l2(0, "snapshot", "BTC-USD", "bid", "100", "1")));
        assertEquals(Verdict.APPLY, sync.check(feed(l2(1, "update", "BTC-USD", "bid", "100", "2"))));
        feed(trade(2));
        feed(trade(5)); // 3 and 4 lost: either might have been a book update
        assertEquals(1, decoder.gaps());
        assertEquals(2, decoder.lostMessages());
        BookUpdate d = feed(l2(6, "update", "BTC-USD", "bid", "100", "3"));
        assertEquals(-1, d.prevSeq());
        assertEquals(Verdict.RESYNC, sync.check(d));
        // until a fresh snapshot, further deltas wait
        BookUpdate next = feed(l2(7, "update", "BTC-USD", "bid", "99", "1"));
        assertEquals(6, next.prevSeq()); // contiguous again after 6, but the book is already broken
        assertEquals(Verdict.BUFFER, sync.check(next));
        // the renewed subscription's snapshot; buffered deltas older than it are skipped
        feed(heartbeat(8));
        BookUpdate snap = feed(l2(9, "snapshot", "BTC-USD", "bid", "100", "5"));
        sync.onSnapshot(snap);
        assertEquals(Verdict.SKIP, sync.check(d));
        assertEquals(Verdict.SKIP, sync.check(next));
        BookUpdate after = feed(l2(10, "update", "BTC-USD", "bid", "100", "6"));
        assertEquals(9, after.prevSeq());
        assertEquals(Verdict.APPLY, sync.check(after));
    }

    @Test
    void aGapRightBeforeTheDelta() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        sync.onSnapshot(feed(l2(10, "snapshot", "BTC-USD", "bid", "100", "1")));
        assertEquals(Verdict.RESYNC, sync.check(feed(l2(12, "update", "BTC-USD", "bid", "100", "2"))));
    }

    @Test
    void aGapBreaksEveryBookOfTheConnection() throws Exception {
        CoinbaseBookSync btc = new CoinbaseBookSync();
        CoinbaseBookSync eth = new CoinbaseBookSync();
        btc.onSnapshot(feed(l2(0, "snapshot", "BTC-USD", "bid", "100", "1")));
        eth.onSnapshot(feed(l2(1, "snapshot", "ETH-USD", "bid", "10", "1")));
        assertEquals(Verdict.APPLY, btc.check(feed(l2(2, "update", "BTC-USD", "bid", "100", "2"))));
        assertEquals(Verdict.APPLY, eth.check(feed(l2(3, "update", "ETH-USD", "bid", "10", "2"))));
        feed(heartbeat(5)); // 4 lost
        assertEquals(Verdict.RESYNC, eth.check(feed(l2(6, "update", "ETH-USD", "bid", "10", "3"))));
        assertEquals(Verdict.RESYNC, btc.check(feed(l2(7, "update", "BTC-USD", "bid", "100", "3"))));
    }

    @Test
    void aSnapshotAfterAGapStartsAFreshChain() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        feed(heartbeat(0));
        BookUpdate snap = feed(l2(3, "snapshot", "BTC-USD", "bid", "100", "1")); // 1, 2 lost before it: irrelevant
        sync.onSnapshot(snap);
        assertEquals(Verdict.APPLY, sync.check(feed(l2(4, "update", "BTC-USD", "bid", "100", "2"))));
    }

    @Test
    void duplicatesAndLateFramesAreDropped() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        sync.onSnapshot(feed(l2(0, "snapshot", "BTC-USD", "bid", "100", "1")));
        String d1 = l2(1, "update", "BTC-USD", "bid", "100", "2");
        assertEquals(Verdict.APPLY, sync.check(feed(d1)));
        int n = sink.events.size();
        assertEquals(null, feed(d1)); // a repeat of 1
        feed(trade(2));
        feed(trade(2));
        assertEquals(n + 1, sink.events.size()); // one trade, not two
        assertEquals(2, decoder.staleFrames());
        assertEquals(Verdict.APPLY, sync.check(feed(l2(3, "update", "BTC-USD", "bid", "100", "3"))));
    }

    @Test
    void reorderedFramesShowAsAGap() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        sync.onSnapshot(feed(l2(0, "snapshot", "BTC-USD", "bid", "100", "1")));
        String d1 = l2(1, "update", "BTC-USD", "bid", "100", "2");
        String d2 = l2(2, "update", "BTC-USD", "bid", "100", "3");
        assertEquals(Verdict.RESYNC, sync.check(feed(d2)));
        assertEquals(null, feed(d1)); // arrived after 2: dropped
    }

    @Test
    void aBookFrameThatFailsToDecodeCountsAsLost() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        sync.onSnapshot(feed(l2(0, "snapshot", "BTC-USD", "bid", "100", "1")));
        assertThrows(MalformedFrameException.class, () -> feed(l2(1, "update", "BTC-USD", "bid", "1x0", "2")));
        assertEquals(Verdict.RESYNC, sync.check(feed(l2(2, "update", "BTC-USD", "bid", "100", "3"))));
    }

    @Test
    void aTradesFrameThatFailsToDecodeDoesNotBreakTheBook() throws Exception {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        sync.onSnapshot(feed(l2(0, "snapshot", "BTC-USD", "bid", "100", "1")));
        assertThrows(MalformedFrameException.class, () -> feed(trade(1).replace("\"SELL\"", "\"SIDEWAYS\"")));
        assertEquals(Verdict.APPLY, sync.check(feed(l2(2, "update", "BTC-USD", "bid", "100", "3"))));
    }

    @Test
    void encoderSkipSequenceIsSeenAsAGap() throws Exception {
        CoinbaseEncoder encoder = new CoinbaseEncoder();
        CoinbaseBookSync sync = new CoinbaseBookSync();
        BookUpdate book = new BookUpdate().reset(1_000, 2_000, true).sequence(1, 1, 0).addBid(100, 1).addAsk(101, 1);
        for (String f : encoder.acknowledge(List.of(BTC), sym -> book)) {
            BookUpdate u = feed(f);
            if (u != null) {
                sync.onSnapshot(u);
            }
        }
        BookUpdate delta = new BookUpdate().reset(3_000, 4_000, false).addBid(100, 2);
        assertEquals(Verdict.APPLY, sync.check(feed(encoder.bookFrame("BTC-USD", delta, null))));
        feed(encoder.tradeFrame("BTC-USD", new Trade().set(5_000, 6_000, Side.BUY, 101, 0.5, 7)));
        encoder.skipSequence("BTC-USD", 3);
        feed(encoder.tradeFrame("BTC-USD", new Trade().set(5_000, 6_000, Side.BUY, 101, 0.5, 8))); // before the skip
        assertEquals(0, decoder.gaps());
        assertEquals(Verdict.RESYNC, sync.check(feed(encoder.bookFrame("BTC-USD", delta, null))));
        assertEquals(1, decoder.gaps());
        assertEquals(3, decoder.lostMessages());
        // resubscribe: the simulator acknowledges with a fresh snapshot and the chain restarts
        for (String f : encoder.acknowledge(encoder.parseSubscribe(
                new CoinbaseProtocol().resnapshotFrames(BTC).get(1)), sym -> book)) {
            BookUpdate u = feed(f);
            if (u != null) {
                sync.onSnapshot(u);
            }
        }
        assertEquals(Verdict.APPLY, sync.check(feed(encoder.bookFrame("BTC-USD", delta, null))));
    }

    @Test
    void bookSyncReset() {
        CoinbaseBookSync sync = new CoinbaseBookSync();
        sync.onSnapshot(new BookUpdate().reset(0, 0, true).sequence(5, 5, -1));
        sync.reset();
        assertEquals(Verdict.BUFFER, sync.check(new BookUpdate().reset(0, 0, false).sequence(6, 6, 5)));
        assertEquals(-1, sync.lastSequence());
    }
}
