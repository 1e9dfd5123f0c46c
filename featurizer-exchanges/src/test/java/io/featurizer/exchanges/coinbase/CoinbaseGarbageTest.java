package io.featurizer.exchanges.coinbase;

import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;

import static io.featurizer.exchanges.coinbase.RecordingSink.fixture;
import static io.featurizer.exchanges.coinbase.RecordingSink.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinbaseGarbageTest {
    final CoinbaseDecoder decoder = new CoinbaseDecoder(List.of(new Subscription("BTC-USD", Channel.L2_BOOK),
            new Subscription("BTC-USD", Channel.TRADES), new Subscription("BTC-USD", Channel.TICKER)));
    final RecordingSink sink = new RecordingSink();

    static final String HEAD = "{\"channel\":\"l2_data\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1,\"events\":";

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "not json",
            "[1,2,3]",
            "\"l2_data\"",
            "{",
            "{\"channel\":\"l2_data\"",
            "{\"channel\":l2_data}",
            "{\"channel\":\"l2_data\",}",
            "{,\"channel\":\"l2_data\"}",
            "{\"sequence_num\":1,\"events\":[]}", // no channel
            "{\"channel\":\"l2_data\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"events\":[]}", // no sequence_num
            "{\"channel\":\"l2_data\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1}", // no events
            "{\"channel\":\"l2_data\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":\"x1\",\"events\":[]}",
            "{\"channel\":\"candles\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1,\"events\":[]}", // not read here
            "{\"channel\":\"l2_data\",\"timestamp\":\"yesterday\",\"sequence_num\":1,\"events\":[]}",
            "{\"channel\":\"l2_data\",\"timestamp\":\"2026-13-07T14:30:00Z\",\"sequence_num\":1,\"events\":[]}",
            HEAD + "{}}",
            HEAD + "[{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\"}]}", // no updates
            HEAD + "[{\"type\":\"delta\",\"product_id\":\"BTC-USD\",\"updates\":[]}]}",
            HEAD + "[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"price_level\":\"1\"}]}]}",
            HEAD + "[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"buy\",\"price_level\":\"1\",\"new_quantity\":\"1\"}]}]}",
            HEAD + "[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"price_level\":\"1.2.3\",\"new_quantity\":\"1\"}]}]}",
            HEAD + "[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"price_level\":\"1\",\"new_quantity\":\"1\","
                    + "\"event_time\":\"2026-04-07T14:30:00+25:00\"}]}]}",
            HEAD + "[]} trailing",
            HEAD + "[]}}",
            "{\"channel\":\"market_trades\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1,\"events\":[{\"type\":\"update\","
                    + "\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"BTC-USD\",\"price\":\"5\",\"side\":\"BUY\"}]}]}", // no size
            "{\"channel\":\"ticker\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1,\"events\":[{\"type\":\"update\","
                    + "\"tickers\":[{\"best_bid\":\"1\",\"best_ask\":\"2\"}]}]}", // no product
            "{\"channel\":\"ticker\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1,\"events\":[{\"type\":\"update\","
                    + "\"tickers\":[{\"product_id\":\"BTC-USD\",\"best_bid\":\"abc\",\"best_ask\":\"2\"}]}]}",
            "{\"channel\":\"heartbeats\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1,\"events\":[{\"x\":tru}]}",
            "{\"channel\":\"l2_data\\u0000\"\u0001}",
    })
    void garbageIsMalformed(String frame) {
        byte[] b = utf8(frame);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decoder.decode(b, 0, b.length, 1, sink));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        assertEquals(0, sink.events.size(), frame);
    }

    @Test
    void unknownChannelNamesIt() {
        byte[] b = utf8("{\"channel\":\"candles\",\"timestamp\":\"2026-04-07T14:30:00Z\",\"sequence_num\":1,\"events\":[]}");
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decoder.decode(b, 0, b.length, 1, sink));
        assertTrue(e.getMessage().contains("'candles'"), e.getMessage());
    }

    @Test
    void theDecoderCarriesOnAfterGarbage() throws Exception {
        byte[] bad = utf8("{\"channel\":\"l2_data\",\"sequ");
        assertThrows(MalformedFrameException.class, () -> decoder.decode(bad, 0, bad.length, 1, sink));
        byte[] snapshot = fixture("ws_l2_data_snapshot.json");
        decoder.decode(snapshot, 0, snapshot.length, 1, sink);
        assertEquals(1, sink.events.size());
        assertEquals(6, sink.book(0).bidCount() + sink.book(0).askCount());
    }

    @Test
    void framesInsideALargerBuffer() throws Exception {
        byte[] snapshot = fixture("ws_l2_data_snapshot.json");
        byte[] padded = new byte[snapshot.length + 20];
        java.util.Arrays.fill(padded, (byte) 'x');
        System.arraycopy(snapshot, 0, padded, 7, snapshot.length);
        decoder.decode(padded, 7, snapshot.length, 1, sink);
        assertEquals(3, sink.book(0).bidCount());
    }

    @Test
    void truncationsAndByteFlipsNeverEscapeAsOtherExceptions() {
        SplittableRandom random = new SplittableRandom(7);
        String[] names = {"ws_l2_data_snapshot.json", "ws_l2_data_update.json", "ws_market_trades.json", "ws_ticker.json",
                "ws_heartbeats.json", "ws_subscriptions.json"};
        for (int i = 0; i < 20_000; i++) {
            byte[] b = fixture(names[random.nextInt(names.length)]).clone();
            int len = b.length;
            if (random.nextBoolean()) {
                len = random.nextInt(b.length);
            } else {
                for (int k = 0; k < 3; k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            CoinbaseDecoder fresh = new CoinbaseDecoder(List.of(new Subscription("BTC-USD", Channel.L2_BOOK)));
            try {
                fresh.decode(b, 0, len, 1, sink);
            } catch (MalformedFrameException expected) {
                // counted by the connector
            }
        }
    }
}
