package io.featurizer.exchanges.binance;

import io.featurizer.core.event.Event;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The decoder's claim: no allocation per frame in steady state. Counted with the JVM's per-thread
 * allocation counter (bytes, not time), so it is not a wall-clock assertion.
 */
class BinanceDecoderAllocationTest {
    private static final class CountingSink implements FrameSink {
        long events, heartbeats;
        double checksum;

        @Override
        public void onEvent(Subscription subscription, Event event) {
            events++;
            checksum += event.ts();
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
    void steadyStateDecodingAllocatesNothing() throws MalformedFrameException {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter on this JVM");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) std;
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());

        StringBuilder levels = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            levels.append(i > 0 ? "," : "").append("[\"3000").append(i).append(".12\",\"").append(i).append(".00450000\"]");
        }
        byte[][] frames = {
                RecordingSink.utf8("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136,\"T\":1672515782135,"
                        + "\"s\":\"BTCUSDT\",\"U\":157,\"u\":160,\"pu\":149,\"b\":[" + levels + "],\"a\":[" + levels + "]}}"),
                RecordingSink.utf8("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":123456789,\"a\":5933014,\"s\":\"BTCUSDT\","
                        + "\"p\":\"30001.50\",\"q\":\"0.125\",\"f\":100,\"l\":105,\"T\":123456785,\"m\":true}}"),
                RecordingSink.utf8("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":400900217,\"E\":1568014460893,"
                        + "\"T\":1568014460891,\"s\":\"BTCUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\","
                        + "\"A\":\"40.66000000\"}}"),
                RecordingSink.utf8("{\"result\":null,\"id\":1}"),
                RecordingSink.fixture("futures/mark_price_stream_combined_recorded.json"),
                RecordingSink.fixture("futures/liquidation_stream.json"),
        };
        FrameDecoder decoder = BinanceProtocol.futures().newDecoder(List.of(new Subscription("BTC-USDT", Channel.L2_BOOK),
                new Subscription("BTC-USDT", Channel.TRADES), new Subscription("BTC-USDT", Channel.TICKER)));
        CountingSink sink = new CountingSink();
        run(decoder, frames, sink, 50_000); // warm up: the BookUpdate's level arrays grow once, the JIT settles
        long thread = Thread.currentThread().getId();
        int rounds = 100_000;
        long before = bean.getThreadAllocatedBytes(thread);
        run(decoder, frames, sink, rounds);
        long allocated = bean.getThreadAllocatedBytes(thread) - before;
        long decoded = (long) rounds * frames.length;
        System.out.printf("Binance decoder: %d bytes allocated over %d frames (%.4f bytes/frame)%n", allocated, decoded,
                (double) allocated / decoded);
        assertEquals(150_000L * 5, sink.events); // book, trade, ticker, derivative ticker, liquidation
        assertEquals(150_000L, sink.heartbeats);
        assertTrue(allocated < 4_096, allocated + " bytes allocated decoding " + decoded + " frames");
    }

    private static void run(FrameDecoder decoder, byte[][] frames, FrameSink sink, int rounds) throws MalformedFrameException {
        for (int i = 0; i < rounds; i++) {
            for (byte[] f : frames) {
                decoder.decode(f, 0, f.length, i, sink);
            }
        }
    }
}
