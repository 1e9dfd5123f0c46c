package io.featurizer.exchanges.binance;

import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueProtocol;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinanceProtocolTest {
    private final VenueProtocol spot = BinanceProtocol.spot();
    private final VenueProtocol futures = BinanceProtocol.futures();

    @Test
    void endpointsAndNames() {
        assertEquals("BINANCE", spot.exchange());
        assertEquals("BINANCE_FUTURES", futures.exchange());
        assertEquals(URI.create("wss://stream.binance.com:9443/stream"), spot.defaultWebSocketUri());
        assertEquals(URI.create("wss://fstream.binance.com/stream"), futures.defaultWebSocketUri());
        assertEquals(URI.create("https://api.binance.com"), spot.defaultRestUri());
        assertEquals(URI.create("https://fapi.binance.com"), futures.defaultRestUri());
        assertNull(spot.pingFrame());
    }

    @Test
    void symbols() {
        assertEquals("BTCUSDT", spot.venueSymbol("BTC-USDT"));
        assertEquals("ETHBTC", spot.venueSymbol("eth/btc"));
        assertEquals("BTCUSDT", spot.venueSymbol("BTCUSDT")); // idempotent: the connector may pass a venue symbol
        assertEquals("1000PEPEUSDT", futures.venueSymbol("1000PEPE-USDT"));
        assertThrows(IllegalArgumentException.class, () -> spot.venueSymbol("../x"));
        assertThrows(IllegalArgumentException.class, () -> spot.venueSymbol("BTC USDT"));
        assertThrows(IllegalArgumentException.class, () -> spot.venueSymbol("-"));
    }

    @Test
    void restSnapshotPaths() {
        assertEquals("/api/v3/depth?symbol=BTCUSDT&limit=1000", spot.restSnapshotPath("BTC-USDT"));
        assertEquals("/fapi/v1/depth?symbol=BTCUSDT&limit=1000", futures.restSnapshotPath("BTC-USDT"));
        assertEquals(URI.create("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000"),
                spot.defaultRestUri().resolve(spot.restSnapshotPath("BTCUSDT")));
    }

    @Test
    void spotSubscribeFrame() {
        List<Subscription> subs = List.of(new Subscription("BTC-USDT", Channel.L2_BOOK), new Subscription("BTC-USDT", Channel.TRADES),
                new Subscription("ETH-USDT", Channel.TICKER), new Subscription("BTC-USDT", Channel.L2_BOOK));
        assertEquals(List.of("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\",\"btcusdt@trade\",\"ethusdt@bookTicker\"],\"id\":1}"),
                spot.subscribeFrames(subs));
    }

    @Test
    void futuresSubscribesAggregateTrades() {
        List<Subscription> subs = List.of(new Subscription("BTC-USDT", Channel.TRADES), new Subscription("BTC-USDT", Channel.L2_BOOK));
        assertEquals(List.of("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"btcusdt@depth@100ms\"],\"id\":1}"),
                futures.subscribeFrames(subs));
    }

    @Test
    void manyStreamsAreSplitIntoSeveralRequests() {
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            subs.add(new Subscription("C" + i + "-USDT", Channel.TRADES));
        }
        List<String> frames = spot.subscribeFrames(subs);
        assertEquals(2, frames.size());
        assertTrue(frames.get(0).startsWith("{\"method\":\"SUBSCRIBE\",\"params\":[\"c0usdt@trade\","));
        assertTrue(frames.get(0).endsWith("\"c199usdt@trade\"],\"id\":1}"));
        assertTrue(frames.get(1).startsWith("{\"method\":\"SUBSCRIBE\",\"params\":[\"c200usdt@trade\","));
        assertTrue(frames.get(1).endsWith("\"c249usdt@trade\"],\"id\":2}"));
        assertEquals(List.of(), spot.subscribeFrames(List.of()));
    }

    @Test
    void booksComeFromRestSoNoResnapshotFrames() {
        assertEquals(List.of(), spot.resnapshotFrames(new Subscription("BTC-USDT", Channel.L2_BOOK)));
        assertEquals(List.of(), futures.resnapshotFrames(new Subscription("BTC-USDT", Channel.L2_BOOK)));
    }

    @Test
    void instrumentTypes() {
        assertEquals(BinanceProtocol.Market.SPOT, BinanceProtocol.forInstrumentType("spot").market());
        assertEquals(BinanceProtocol.Market.USDM_FUTURES, BinanceProtocol.forInstrumentType("perpetual").market());
        assertEquals(BinanceProtocol.Market.USDM_FUTURES, BinanceProtocol.forInstrumentType("Futures").market());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinanceProtocol.forInstrumentType("option"));
        assertTrue(e.getMessage().contains("'option'") && e.getMessage().contains("spot or perpetual"), e.getMessage());
    }

    @Test
    void bookSyncPerMarket() {
        assertInstanceOf(BinanceSpotBookSync.class, spot.newBookSync());
        assertInstanceOf(BinanceFuturesBookSync.class, futures.newBookSync());
        assertTrue(spot.newBookSync() != spot.newBookSync(), "one per symbol");
    }
}
