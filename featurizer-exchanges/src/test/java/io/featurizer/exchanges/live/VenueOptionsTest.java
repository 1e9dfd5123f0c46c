package io.featurizer.exchanges.live;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Impossible book options are refused before connecting, naming the values the venue serves. */
class VenueOptionsTest {
    private static Feature source(String definition, String exchange, String type, Map<String, Object> options) {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("exchange", exchange, "instrument_type", type, "symbol", "BTC-USDT"));
        params.putAll(options);
        return Features.dataSource(definition, params);
    }

    private static String refused(Feature... sources) {
        LiveEventEmitter emitter = new LiveEventEmitter(LiveEventEmitter.Endpoints.DEFAULT);
        return assertThrows(IllegalArgumentException.class, () -> {
            for (Feature f : sources) {
                emitter.registerCallback(f, (x, e) -> { });
            }
        }).getMessage();
    }

    @Test
    void readsDepthAndChannelFromTheParams() {
        assertEquals(new VenueOptions(500, null), VenueOptions.of(source("l2_book", "BYBIT", "perpetual", Map.of("depth", 500))));
        assertEquals(new VenueOptions(0, "books5"), VenueOptions.of(source("l2_book", "OKX", "spot", Map.of("channel", "books5"))));
        assertEquals(VenueOptions.DEFAULT, VenueOptions.of(source("l2_book", "OKX", "spot", Map.of())));
    }

    @Test
    void impossibleValuesNameTheAllowedOnes() {
        assertEquals("data source BYBIT/spot BTC-USDT: Bybit spot has no orderbook.500 stream; depth must be one of [1, 50, 200, 1000]",
                refused(source("l2_book", "BYBIT", "spot", Map.of("depth", 500))));
        assertEquals("data source BINANCE/spot BTC-USDT: Binance has no diff-depth stream 'depth@500ms'; channel must be one of "
                + "[depth@100ms, depth] (default depth@100ms)", refused(source("l2_book", "BINANCE", "spot", Map.of("channel", "depth@500ms"))));
        assertEquals("data source OKX/spot BTC-USDT: OKX has no order book channel 'books50'; channel must be one of "
                + "[books, books5, bbo-tbt, books-l2-tbt] (default books)", refused(source("l2_book", "OKX", "spot", Map.of("channel", "books50"))));
        assertEquals("data source OKX/spot BTC-USDT: OKX channel books5 serves 5 levels, not depth 20; choose the depth with channel: "
                + "books (400), books5 (5), bbo-tbt (1) or books-l2-tbt (400)",
                refused(source("l2_book", "OKX", "spot", Map.of("channel", "books5", "depth", 20))));
        assertEquals("data source COINBASE/spot BTC-USDT: Coinbase has no order book channel 'level3'; channel must be level2 (the default)",
                refused(source("l2_book", "COINBASE", "spot", Map.of("channel", "level3"))));
        IllegalArgumentException negative = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> source("l2_book", "BYBIT", "perpetual", Map.of("depth", -5)));
        assertEquals("param 'depth': '-5' is not a positive number of levels", negative.getMessage(), "refused by the param declaration, before any venue");
        IllegalArgumentException trades = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> source("trades", "BYBIT", "perpetual", Map.of("depth", 50)));
        assertEquals("unknown param 'depth' for trades (its params: exchange, instrument_type, symbol)", trades.getMessage());
    }

    @Test
    void booksOfOneVenueMustAgree() {
        Feature a = source("l2_book", "BYBIT", "perpetual", Map.of("depth", 50));
        Map<String, Object> eth = new LinkedHashMap<>(Map.of("exchange", "BYBIT", "instrument_type", "perpetual", "symbol", "ETH-USDT", "depth", 200));
        Feature b = Features.dataSource("l2_book", eth);
        assertEquals("data source BYBIT/perpetual ETH-USDT asks depth 200 but data source BYBIT/perpetual BTC-USDT asks defaults; the books of one "
                + "venue share one connection and one stream, so they must ask the same", refused(a, b));
    }
}
