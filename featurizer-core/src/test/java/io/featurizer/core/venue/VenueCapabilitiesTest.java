package io.featurizer.core.venue;

import io.featurizer.core.feature.ParamException;
import io.featurizer.core.feature.Params;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The effective book depth and channel the live protocols read, and the checks configs get. */
class VenueCapabilitiesTest {
    private static Params source(String exchange, String type, Object... more) {
        Params p = Params.of("exchange", exchange, "instrument_type", type, "symbol", "BTC-USDT");
        for (int i = 0; i < more.length; i += 2) {
            p = p.with((String) more[i], more[i + 1]);
        }
        return p;
    }

    @Test
    void bookDepthIsTheParamElseTheVenueDefaultElseTheFullBook() {
        assertEquals(50, VenueCapabilities.bookDepth("BYBIT", "spot", source("BYBIT", "spot")), "Bybit subscribes orderbook.50 today");
        assertEquals(25, VenueCapabilities.bookDepth("BYBIT", "option", source("BYBIT", "option")));
        assertEquals(200, VenueCapabilities.bookDepth("BYBIT", "perpetual", source("BYBIT", "perpetual", "depth", 200L)));
        assertEquals(0, VenueCapabilities.bookDepth("BINANCE", "spot", source("BINANCE", "spot")), "0 = the full book");
        assertEquals(25, VenueCapabilities.bookDepth("BINANCE_FUTURES", "perpetual", source("BINANCE_FUTURES", "perpetual", "depth", 25L)));
    }

    @Test
    void channelIsTheParamElseTheVenueDefault() {
        assertEquals("depth@100ms", VenueCapabilities.channel("BINANCE", "spot", source("BINANCE", "spot")));
        assertEquals("depth", VenueCapabilities.channel("BINANCE", "spot", source("BINANCE", "spot", "channel", "depth")));
        assertEquals("books", VenueCapabilities.channel("OKX", "spot", source("OKX", "spot")));
        assertEquals("level2", VenueCapabilities.channel("COINBASE", "spot", source("COINBASE", "spot")));
        assertNull(VenueCapabilities.channel("BYBIT", "spot", source("BYBIT", "spot")));
    }

    @Test
    void knownExchangesAreTheLiveAndTheStoredOnes() {
        assertEquals(List.of("BINANCE", "BINANCE_FUTURES", "BYBIT", "OKX", "COINBASE", "BINANCE_DELIVERY", "KRAKEN", "DERIBIT", "BITMEX"),
                VenueCapabilities.exchanges());
        assertTrue(VenueCapabilities.isLive("OKX"));
        assertFalse(VenueCapabilities.isLive("DERIBIT"));
        assertFalse(VenueCapabilities.isKnown("FTX"));
    }

    @Test
    void checkNamesTheParamAndTheAllowedValues() {
        ParamException e = assertThrows(ParamException.class, () -> VenueCapabilities.check(source("BYBIT", "spot", "depth", 500L)));
        assertEquals("depth", e.param());
        assertEquals("param 'depth': 500 is not a book depth BYBIT spot can serve: BYBIT spot streams depth 1, 50, 200, 1000 live;"
                + " stored snapshots have depth 5, 25", e.getMessage());
        VenueCapabilities.check(source("BYBIT", "spot", "depth", 25L)); // a stored snapshot depth
        VenueCapabilities.check(source("KRAKEN", "spot"));
    }

    @Test
    void aDefaultDepthOrChannelIsDroppedFromTheKeyParams() {
        assertEquals(source("BYBIT", "spot"), VenueCapabilities.withoutDefaults(source("BYBIT", "spot", "depth", 50L)));
        assertEquals(source("BINANCE", "spot"), VenueCapabilities.withoutDefaults(source("BINANCE", "spot", "channel", "depth@100ms")));
        assertEquals(source("OKX", "spot", "channel", "books5"), VenueCapabilities.withoutDefaults(source("OKX", "spot", "channel", "books5")));
    }
}
