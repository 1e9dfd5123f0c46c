package io.featurizer.flink;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Features;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kafka event format read back by hand, byte by byte, as docs/flink.md describes it; and the URL rules. */
class EventLogTest {
    @Test
    void aTradeIsVersionSequenceTimesSidePriceAmountId() {
        Trade t = new Trade().set(1_000L, 2_000L, Side.SELL, 42.5, 0.25, 77L);
        ByteBuffer b = ByteBuffer.wrap(new EventLog.Writer().binary(9L, t));
        assertEquals(1, b.get(), "format version");
        assertEquals(9L, b.getLong(), "ingestion sequence");
        assertEquals(1_000L, b.getLong());
        assertEquals(2_000L, b.getLong());
        assertEquals(-1, b.get(), "side: -1 sell");
        assertEquals(42.5, b.getDouble());
        assertEquals(0.25, b.getDouble());
        assertEquals(77L, b.getLong());
        assertEquals(0, b.remaining());
        assertEquals(9L, EventLog.sequence(b.array()));
    }

    @Test
    void aBookIsFlagsSequencesAndCountedPricePairs() {
        BookUpdate u = new BookUpdate().reset(5L, 6L, true);
        u.sequence(10, 12, 9);
        u.addBid(100.0, 1.5);
        u.addAsk(101.0, 2.0);
        u.addAsk(102.0, 0.0);
        ByteBuffer b = ByteBuffer.wrap(new EventLog.Writer().binary(3L, u));
        assertEquals(1, b.get());
        assertEquals(3L, b.getLong());
        assertEquals(5L, b.getLong());
        assertEquals(6L, b.getLong());
        assertEquals(1, b.get(), "is_snapshot");
        assertEquals(10L, b.getLong());
        assertEquals(12L, b.getLong());
        assertEquals(9L, b.getLong());
        assertEquals(1, b.getInt(), "bids");
        assertEquals(100.0, b.getDouble());
        assertEquals(1.5, b.getDouble());
        assertEquals(2, b.getInt(), "asks");
        assertEquals(101.0, b.getDouble());
        assertEquals(2.0, b.getDouble());
        assertEquals(102.0, b.getDouble());
        assertEquals(0.0, b.getDouble());
        assertEquals(0, b.remaining());
    }

    @Test
    void jsonNamesEveryFieldAsTheStorageViewsDo() {
        Trade t = new Trade().set(1_000L, 2_000L, Side.BUY, 42.5, 0.25, 77L);
        String json = new String(EventLog.Writer.json(Features.trades("BINANCE", "spot", "BTC-USDT"), 4L, t), StandardCharsets.UTF_8);
        assertEquals("{\"source\":\"BINANCE:spot:BTC-USDT:trades\",\"seq\":4,\"ts\":1000,\"receipt_ts\":2000,\"side\":1,\"price\":42.5,"
                + "\"amount\":0.25,\"id\":77}", json);
    }

    @Test
    void kafkaUrlsNeedHostPortAndPrefix() {
        EventLog.Target t = EventLog.Target.parse("kafka://a:9092,b:9093/market.v1");
        assertEquals("a:9092,b:9093", t.bootstrapServers());
        assertEquals("market.v1", t.prefix());
        for (String bad : new String[] {"kafka://a:9092", "kafka://a:9092/", "kafka://a/market", "http://a:9092/m", "kafka://a:9092/m/x", "kafka:///m"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventLog.Target.parse(bad), bad);
            assertTrue(e.getMessage().contains("kafka://HOST:PORT/PREFIX"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EventLog.sequence(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 1}), "version 2 is refused");
    }
}
