package io.featurizer.core.config;

import io.featurizer.core.feature.Feature;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code universe:} and {@code for_each}: the accepted shapes, '*' through a listing, deps and references, and every bad input. */
class UniverseConfigTest {
    static final String FILE = "u.yaml";

    static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> FeaturizerConfig.parse(yaml, FILE));
    }

    static void assertError(String yaml, int line, String key, String... parts) {
        ConfigException e = error(yaml);
        assertEquals(FILE, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(key, e.key(), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    static final String MID = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                for_each: %s
            """;

    @Test
    void namedUniverses() {
        FeaturizerConfig c = FeaturizerConfig.parse("""
                universe:
                  spot: {exchange: BINANCE, instrument_type: spot, symbols: [ETH-USDT, SOL-USDT]}
                  perps: {exchange: BINANCE_FUTURES, instrument_type: perpetual, symbols: [ETH-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: perp_mid
                    for_each: perps
                  - feature_definition: price.mid_price_fd
                    name: mid
                    for_each: spot
                """, FILE);
        assertEquals(List.of("perp_mid.ETH-USDT", "mid.ETH-USDT", "mid.SOL-USDT"), c.features().stream().map(Feature::name).toList());
        assertEquals("BINANCE_FUTURES", c.features().get(0).children().get(0).children().get(0).params().getString("exchange", ""));
        assertEquals(List.of("spot", "perps"), c.universes().stream().map(Universe::name).toList());
    }

    @Test
    void universeFieldsFillOnlyWhatAnEntryLeavesOut() {
        // beta of each member against BTC-USDT: the second source names its symbol, the first follows the universe
        FeaturizerConfig c = FeaturizerConfig.parse("""
                universe: {exchange: BINANCE, instrument_type: spot, symbols: [ETH-USDT, SOL-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    for_each: universe
                    params: {data_source: [{channel: depth}], feature: {1: {depth: 5}}}
                """, FILE);
        Feature eth = c.features().get(0);
        Map<String, Object> source = c.featureConfigs().get(0).dataSourceParams().get(0);
        assertEquals(Map.of("exchange", "BINANCE", "instrument_type", "spot", "symbol", "ETH-USDT", "channel", "depth"), source);
        assertEquals("mid.ETH-USDT", eth.name());
        assertEquals("SOL-USDT", c.featureConfigs().get(1).dataSourceParams().get(0).get("symbol"));
    }

    @Test
    void referencesToAForEachEntryMeanEveryInstance() {
        FeaturizerConfig c = FeaturizerConfig.parse("""
                universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT, ETH-USDT]}
                label_feature: mid.ETH-USDT
                features_to_store: [0, diff.BTC-USDT]
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    for_each: universe
                  - feature_definition: transforms.diff
                    name: diff
                    for_each: universe
                    deps: [0]
                """, FILE);
        assertEquals(List.of("mid.BTC-USDT", "mid.ETH-USDT", "diff.BTC-USDT", "diff.ETH-USDT"), c.features().stream().map(Feature::name).toList());
        assertEquals(1, c.labelFeature());
        assertEquals(List.of(0, 1, 2), c.featuresToStore());
        // each diff reads its own symbol's mid
        assertEquals(c.features().get(1), c.features().get(3).children().get(0));
    }

    @Test
    void starResolvesThroughTheListing() {
        SymbolListing listing = (exchange, type) -> exchange.equals("BINANCE") && type.equals("spot")
                ? Optional.of(List.of("ADA-USDT", "BTC-USDT")) : Optional.empty();
        FeaturizerConfig c = FeaturizerConfig.parse("universe: {exchange: BINANCE, instrument_type: spot, symbols: '*'}\n" + MID.formatted("universe"),
                FILE, listing);
        assertEquals(List.of("mid.ADA-USDT", "mid.BTC-USDT"), c.features().stream().map(Feature::name).toList());
        assertError("universe: {exchange: BINANCE, instrument_type: spot, symbols: '*'}\n" + MID.formatted("universe"), 1, "universe.symbols",
                "'*' means every symbol BINANCE spot lists, but nothing lists symbols here", "or write the symbols as a list");
        ConfigException empty = assertThrows(ConfigException.class, () -> FeaturizerConfig.parse(
                "universe: {exchange: BINANCE, instrument_type: spot, symbols: '*'}\n" + MID.formatted("universe"), FILE,
                (e, t) -> Optional.of(List.of())));
        assertTrue(empty.getMessage().contains("universe 'universe' is empty"), empty.getMessage());
    }

    @Test
    void theExampleLoads() {
        FeaturizerConfig c = ConfigLoaderTest.example("universe.yaml");
        assertEquals(List.of("mid.BTC-USDT", "mid.ETH-USDT", "mid.SOL-USDT", "vol.BTC-USDT", "vol.ETH-USDT", "vol.SOL-USDT",
                "basis.BTC-USDT", "basis.ETH-USDT", "basis.SOL-USDT", "beta_btc.BTC-USDT", "beta_btc.ETH-USDT", "beta_btc.SOL-USDT"),
                c.features().stream().map(Feature::name).toList());
        // basis.ETH-USDT: the member's perpetual first, the same symbol on spot second
        Feature basis = c.feature("basis.ETH-USDT");
        assertEquals("BINANCE_FUTURES perpetual ETH-USDT / BINANCE spot ETH-USDT", source(basis.children().get(0)) + " / " + source(basis.children().get(1)));
        Feature beta = c.feature("beta_btc.SOL-USDT");
        assertEquals("BINANCE spot SOL-USDT / BINANCE spot BTC-USDT", source(beta.children().get(0)) + " / " + source(beta.children().get(1)));
    }

    static String source(Feature f) {
        Feature leaf = f.dataSources().get(0);
        return leaf.params().getString("exchange", "") + " " + leaf.params().getString("instrument_type", "") + " " + leaf.params().getString("symbol", "");
    }

    @Test
    void badUniverses() {
        assertError("universe: {exchange: BINANCE, instrument_typ: spot, symbols: [BTC-USDT]}\n" + MID.formatted("universe"), 1,
                "universe.instrument_typ", "unknown universe field 'instrument_typ'; did you mean 'instrument_type'?");
        assertError("universe: {exchange: BINANCE, instrument_type: spot}\n" + MID.formatted("universe"), 1, "universe",
                "universe 'universe' has no 'symbols'");
        assertError("universe: {exchange: BINANCE, instrument_type: spot, symbols: []}\n" + MID.formatted("universe"), 1,
                "universe.symbols", "universe 'universe' is empty");
        assertError("""
                universe:
                  exchange: BINANCE
                  instrument_type: spot
                  symbols: [BTC-USDT, ETH-USDT, BTC-USDT]
                """ + MID.formatted("universe"), 4, "universe.symbols[2]", "symbol 'BTC-USDT' is given twice in universe 'universe' (also item 0)");
        assertError("universe: {exchange: BINANSE, instrument_type: spot, symbols: [BTC-USDT]}\n" + MID.formatted("universe"), 1,
                "universe.exchange", "unknown exchange 'BINANSE'; did you mean 'BINANCE'?");
        assertError("universe: {exchange: BINANCE, instrument_type: swap, symbols: [BTC-USDT]}\n" + MID.formatted("universe"), 1,
                "universe.instrument_type", "did you mean 'perpetual'?");
        assertError("universe: {exchange: BINANCE, instrument_type: spot, symbols: [../x]}\n" + MID.formatted("universe"), 1,
                "universe.symbols[0]", "'../x' is not a symbol");
        assertError("universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT, '*']}\n" + MID.formatted("universe"), 1,
                "universe.symbols[1]", "'*' stands alone");
        assertError("universe: {majors: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT], venue: x}}\n" + MID.formatted("majors"), 1,
                "universe.majors.venue", "unknown universe field 'venue'");
    }

    @Test
    void badForEach() {
        assertError("universe: {majors: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT]}}\n" + MID.formatted("majrs"), 5,
                "feature_configs[0].for_each", "for_each: 'majrs' names no universe; did you mean 'majors'? (universes: majors)");
        assertError(MID.formatted("universe"), 4, "feature_configs[0].for_each", "the config has no 'universe'");
        assertError("""
                universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT, ETH-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    for_each: universe
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                """, 4, "feature_configs[0].for_each", "has nothing to vary");
        assertError("""
                universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT, ETH-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: btc_mid
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                  - feature_definition: transforms.diff
                    for_each: universe
                    deps: [btc_mid]
                """, 7, "feature_configs[1].for_each", "has nothing to vary", "no dep is itself for_each 'universe'");
        assertError("""
                universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT, ETH-USDT]}
                label_feature: mid
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    for_each: universe
                """, 2, "label_feature", "name one instance, e.g. 'mid.BTC-USDT'");
        assertError("""
                universe:
                  a: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT]}
                  b: {exchange: OKX, instrument_type: spot, symbols: [BTC-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    for_each: a
                  - feature_definition: transforms.diff
                    for_each: b
                    deps: [mid]
                """, 10, "feature_configs[1].deps[0]", "dep 'mid' is one feature per symbol of universe 'a'", "e.g. 'mid.BTC-USDT'");
        assertError("""
                universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    for_each: universe
                  - feature_definition: price.mid_price_fd
                    name: mid.BTC-USDT
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: ETH-USDT}]}
                """, 7, "feature_configs[1].name", "duplicate feature name 'mid.BTC-USDT'");
        assertError("""
                universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    for_eah: universe
                """, 4, "feature_configs[0].for_eah", "did you mean 'for_each'?");
        // a venue problem of one instance says which symbol
        assertError("""
                universe: {exchange: BYBIT, instrument_type: perpetual, symbols: [BTC-USDT]}
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    for_each: universe
                    params: {data_source: [{depth: 37}]}
                """, 5, "feature_configs[0]@BTC-USDT.params.data_source[0].depth", "37 is not a book depth BYBIT perpetual can serve");
    }
}
