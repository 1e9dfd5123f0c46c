package io.featurizer.exchanges.okx;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hot path allocates nothing per frame in steady state: decoding book, trade and ticker pushes,
 * and checksumming a book of venue-style (short) decimals. Measured with the JVM's per-thread
 * allocation counter; a budget of a few hundred bytes in total absorbs the counter's own noise.
 */
class OkxAllocationTest {
    private static final int FRAMES = 20_000;

    private static long allocated() {
        var bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static final class Counting implements FrameSink {
        long events, checksums, heartbeats;

        @Override
        public void onEvent(Subscription subscription, Event event) {
            events++;
        }

        @Override
        public void onChecksum(Subscription subscription, long checksum) {
            checksums += checksum;
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

    @Test
    void decodingAndChecksummingAllocateNothingPerFrame() throws Exception {
        assumeTrue(allocated() >= 0, "per-thread allocation counter not available");
        Subscription book = new Subscription("BTC-USDT", Channel.L2_BOOK);
        OkxProtocol protocol = new OkxProtocol();
        FrameDecoder decoder = protocol.newDecoder(List.of(book, new Subscription("BTC-USDT", Channel.TRADES),
                new Subscription("BTC-USDT", Channel.TICKER)));
        byte[][] frames = {Fixtures.bytes("ws_books_update.json"), Fixtures.bytes("ws_trades.json"),
                Fixtures.bytes("ws_tickers.json"), Fixtures.bytes("ws_pong.txt")};
        Counting sink = new Counting();

        OrderBook ob = new OrderBook();
        BookUpdate u = new BookUpdate().reset(0, 0, true);
        for (int i = 0; i < 400; i++) { // as parsed from venue strings: the doubles nearest short decimals
            u.addBid((3_000_000 - 10 * i - i % 3) / 100.0, (1 + i % 700) / 1000.0);
            u.addAsk((3_000_050 + 10 * i) / 100.0, (125 + 100 * i) / 100.0);
        }
        ob.apply(u);

        for (int round = 0; round < 3; round++) { // warm up, then measure the last round
            long before = allocated();
            for (int i = 0; i < FRAMES; i++) {
                byte[] f = frames[i & 3];
                decoder.decode(f, 0, f.length, i, sink);
            }
            long decoding = allocated() - before;
            before = allocated();
            long sum = 0;
            for (int i = 0; i < FRAMES; i++) {
                sum += protocol.checksum(ob);
            }
            long checksumming = allocated() - before;
            if (round == 2) {
                assertTrue(decoding < 1_000, "decoding allocated " + decoding + " bytes over " + FRAMES + " frames");
                assertTrue(checksumming < 1_000, "checksums allocated " + checksumming + " bytes over " + FRAMES + " books (" + sum + ")");
            }
        }
        assertTrue(sink.events > 0 && sink.heartbeats > 0);
    }
}
