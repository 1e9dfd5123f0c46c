package io.featurizer.exchanges.coinbase;

import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class CoinbaseProtocolTest {
    final CoinbaseProtocol protocol = new CoinbaseProtocol();

    @Test
    void identity() {
        assertEquals("COINBASE", protocol.exchange());
        assertEquals(URI.create("wss://advanced-trade-ws.coinbase.com"), protocol.defaultWebSocketUri());
        assertNull(protocol.defaultRestUri());
        assertNull(protocol.restSnapshotPath("BTC-USD"));
        assertNull(protocol.pingFrame());
        assertEquals("BTC-USD", protocol.venueSymbol("BTC-USD"));
        assertEquals("ETH-USD", protocol.venueSymbol("eth-usd"));
        assertInstanceOf(CoinbaseBookSync.class, protocol.newBookSync());
        assertInstanceOf(CoinbaseDecoder.class, protocol.newDecoder(List.of()));
    }

    @Test
    void oneSubscribePerChannelPlusHeartbeats() {
        List<String> frames = protocol.subscribeFrames(List.of(
                new Subscription("BTC-USD", Channel.TRADES),
                new Subscription("BTC-USD", Channel.L2_BOOK),
                new Subscription("ETH-USD", Channel.L2_BOOK),
                new Subscription("ETH-USD", Channel.TICKER)));
        assertEquals(List.of(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"level2\"}",
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"market_trades\"}",
                "{\"type\":\"subscribe\",\"product_ids\":[\"ETH-USD\"],\"channel\":\"ticker\"}",
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"heartbeats\"}"), frames);
    }

    @Test
    void singleChannel() {
        assertEquals(List.of(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"ticker\"}",
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"heartbeats\"}"),
                protocol.subscribeFrames(List.of(new Subscription("BTC-USD", Channel.TICKER))));
        assertEquals(List.of(), protocol.subscribeFrames(List.of()));
    }

    @Test
    void resnapshotRenewsTheLevel2Subscription() {
        assertEquals(List.of(
                "{\"type\":\"unsubscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"level2\"}",
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"level2\"}"),
                protocol.resnapshotFrames(new Subscription("BTC-USD", Channel.L2_BOOK)));
    }

    @Test
    void theSimulatorReadsWhatTheClientSends() throws Exception {
        CoinbaseEncoder encoder = new CoinbaseEncoder();
        List<String> frames = protocol.subscribeFrames(List.of(
                new Subscription("BTC-USD", Channel.L2_BOOK), new Subscription("BTC-USD", Channel.TRADES),
                new Subscription("BTC-USD", Channel.TICKER)));
        assertEquals(List.of(new Subscription("BTC-USD", Channel.L2_BOOK)), encoder.parseSubscribe(frames.get(0)));
        assertEquals(List.of(new Subscription("BTC-USD", Channel.TRADES)), encoder.parseSubscribe(frames.get(1)));
        assertEquals(List.of(new Subscription("BTC-USD", Channel.TICKER)), encoder.parseSubscribe(frames.get(2)));
        assertEquals(List.of(), encoder.parseSubscribe(frames.get(3))); // heartbeats
        for (String f : protocol.resnapshotFrames(new Subscription("BTC-USD", Channel.L2_BOOK))) {
            encoder.parseSubscribe(f);
        }
        // the subscriptions message lists the connection's channels as the venue does
        String ack = encoder.acknowledge(List.of(), sym -> null).get(0);
        assertEquals(true, ack.contains("\"subscriptions\":{\"level2\":[\"BTC-USD\"],\"market_trades\":[\"BTC-USD\"],"
                + "\"ticker\":[\"BTC-USD\"],\"heartbeats\":[\"BTC-USD\"]}"), ack);
    }
}
