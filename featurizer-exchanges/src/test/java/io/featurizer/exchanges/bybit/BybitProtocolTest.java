package io.featurizer.exchanges.bybit;

import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BybitProtocolTest {
    private static Subscription sub(String symbol, Channel channel) {
        return new Subscription(symbol, channel);
    }

    @Test
    void endpointsAndIdentity() {
        BybitProtocol spot = BybitProtocol.spot();
        BybitProtocol linear = BybitProtocol.linear();
        assertEquals("BYBIT", spot.exchange());
        assertEquals("BYBIT", linear.exchange());
        assertEquals(URI.create("wss://stream.bybit.com/v5/public/spot"), spot.defaultWebSocketUri());
        assertEquals(URI.create("wss://stream.bybit.com/v5/public/linear"), linear.defaultWebSocketUri());
        assertNull(spot.defaultRestUri());
        assertNull(linear.restSnapshotPath("BTC-USDT"));
        assertEquals("{\"op\":\"ping\"}", linear.pingFrame());
        assertEquals(20_000, linear.pingIntervalMillis());
        assertEquals(50, linear.bookDepth());
    }

    @Test
    void symbols() {
        BybitProtocol p = BybitProtocol.linear();
        assertEquals("BTCUSDT", p.venueSymbol("BTC-USDT"));
        assertEquals("ETHBTC", p.venueSymbol("eth-btc"));
        assertEquals("BTCUSDT", p.venueSymbol("BTCUSDT"));
        assertEquals("BTC-26DEC25", p.venueSymbol("BTC-26DEC25")); // a dated future keeps its dash
    }

    @Test
    void topics() {
        BybitProtocol linear = BybitProtocol.linear();
        BybitProtocol spot = BybitProtocol.spot();
        assertEquals("orderbook.50.BTCUSDT", linear.topic(sub("BTC-USDT", Channel.L2_BOOK)));
        assertEquals("publicTrade.BTCUSDT", linear.topic(sub("BTC-USDT", Channel.TRADES)));
        assertEquals("tickers.BTCUSDT", linear.topic(sub("BTC-USDT", Channel.TICKER)));
        assertEquals("orderbook.1.BTCUSDT", spot.topic(sub("BTC-USDT", Channel.TICKER)));
        assertEquals("orderbook.200.ETHUSDT", new BybitProtocol(BybitCategory.SPOT, 200).topic(sub("ETH-USDT", Channel.L2_BOOK)));
        assertEquals("orderbook.500.ETHUSDT", new BybitProtocol(BybitCategory.LINEAR, 500).topic(sub("ETH-USDT", Channel.L2_BOOK)));
    }

    @Test
    void depthMustExistOnTheCategory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BybitProtocol(BybitCategory.SPOT, 500));
        assertEquals("Bybit spot has no orderbook.500 stream; depth must be one of [1, 50, 200, 1000]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BybitProtocol(BybitCategory.LINEAR, 25));
    }

    @Test
    void subscribeFrame() {
        List<String> frames = BybitProtocol.linear().subscribeFrames(List.of(sub("BTC-USDT", Channel.L2_BOOK),
                sub("BTC-USDT", Channel.TRADES), sub("BTC-USDT", Channel.TICKER), sub("ETH-USDT", Channel.L2_BOOK)));
        assertEquals(List.of("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\",\"publicTrade.BTCUSDT\","
                + "\"tickers.BTCUSDT\",\"orderbook.50.ETHUSDT\"]}"), frames);
    }

    @Test
    void spotTickerAndDepthOneBookShareOneTopic() {
        List<String> frames = new BybitProtocol(BybitCategory.SPOT, 1).subscribeFrames(List.of(
                sub("BTC-USDT", Channel.L2_BOOK), sub("BTC-USDT", Channel.TICKER)));
        assertEquals(List.of("{\"op\":\"subscribe\",\"args\":[\"orderbook.1.BTCUSDT\"]}"), frames);
    }

    @Test
    void atMostTenTopicsPerRequest() {
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            subs.add(sub("C" + (char) ('A' + i) + "-USDT", Channel.TRADES));
        }
        List<String> frames = BybitProtocol.spot().subscribeFrames(subs);
        assertEquals(2, frames.size());
        assertTrue(frames.get(0).endsWith("\"publicTrade.CJUSDT\"]}"), frames.get(0));
        assertEquals("{\"op\":\"subscribe\",\"args\":[\"publicTrade.CKUSDT\",\"publicTrade.CLUSDT\"]}", frames.get(1));
    }

    @Test
    void resnapshotIsUnsubscribeThenSubscribe() {
        assertEquals(List.of("{\"op\":\"unsubscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}",
                        "{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}"),
                BybitProtocol.spot().resnapshotFrames(sub("BTC-USDT", Channel.L2_BOOK)));
        assertThrows(IllegalArgumentException.class, () -> BybitProtocol.spot().resnapshotFrames(sub("BTC-USDT", Channel.TRADES)));
    }

    @Test
    void categoryFromInstrumentType() {
        assertEquals(BybitCategory.SPOT, BybitCategory.ofInstrumentType("spot"));
        assertEquals(BybitCategory.LINEAR, BybitCategory.ofInstrumentType("perpetual"));
        assertEquals(BybitCategory.OPTION, BybitCategory.ofInstrumentType("option"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BybitCategory.ofInstrumentType("inverse"));
        assertEquals("Bybit has no public stream for instrument_type 'inverse'; expected spot, linear (perpetual) or option", e.getMessage());
    }

    @Test
    void bookSyncIsBybits() {
        assertTrue(BybitProtocol.linear().newBookSync() instanceof BybitBookSync);
    }
}
