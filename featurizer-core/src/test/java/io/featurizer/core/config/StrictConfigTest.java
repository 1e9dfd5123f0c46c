package io.featurizer.core.config;

import io.featurizer.core.feature.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strict configs (issue 11 item 5): every mistake is one error at load, naming the file, the line, the
 * key path, what was expected and the nearest known name. Each case is a real YAML file in a temp dir,
 * loaded as a user would; line numbers count the lines of each text block from 1.
 */
class StrictConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("conf.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the YAML from a file and asserts the whole message prefix {@code file:line: key: } and each part. */
    private ConfigException assertError(String yaml, int line, String key, String... parts) {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> FeaturizerConfig.load(file), yaml);
        String msg = e.getMessage();
        assertEquals(file.toString(), e.file(), msg);
        assertEquals(line, e.line(), msg);
        assertEquals(key, e.key(), msg);
        assertTrue(msg.startsWith(file + ":" + line + ": " + key + ": "), msg);
        for (String p : parts) {
            assertTrue(msg.contains(p), "lacks '" + p + "': " + msg);
        }
        assertFalse(msg.contains("\n"), "one line: " + msg);
        return e;
    }

    private static final String TVI = """
            feature_configs:
              - feature_definition: tvi.trade_volume_imb_fd
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                  feature:
                    0: {%s}
            """;

    private static String book(String source) {
        return """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source:
                        - %s
                """.formatted(source);
    }

    // ------------------------------------------------------------------ feature params

    @Test
    void misspeltParamIsAnErrorWithTheNearestName() {
        assertError(TVI.formatted("windw: 30s"), 7, "feature_configs[0].params.feature.0.windw",
                "unknown param 'windw' for tvi.trade_volume_imb_fd; did you mean 'window'?", "its params: window, sampling, dep_schema");
    }

    @Test
    void misspeltParamOnItsOwnLineIsReportedAtThatLine() {
        assertError("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature:
                        0:
                          window: 1m
                          dep_shema: mid_price
                """, 8, "feature_configs[0].params.feature.0.dep_shema",
                "unknown param 'dep_shema' for volatility.volatility_stddev_fd; did you mean 'dep_schema'?");
    }

    @Test
    void paramOfAnotherDepthNamesTheDefinitionThere() {
        // depth 1 of the volatility tree is the mid price, which has no window
        assertError("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {1: {window: 1m}}
                """, 5, "feature_configs[0].params.feature.1.window",
                "unknown param 'window' for price.mid_price_fd", "its params: dep_schema");
    }

    @Test
    void flatParamsOfATransformAreCheckedToo() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                  - feature_definition: transforms.diff
                    deps: [mid]
                    params: {windows: 30s}
                """, 7, "feature_configs[1].params.windows", "unknown param 'windows' for transforms.diff; did you mean 'window'?");
    }

    @Test
    void windowThatDoesNotParse() {
        assertError(TVI.formatted("window: 30 seconds"), 7, "feature_configs[0].params.feature.0.window",
                "tvi.trade_volume_imb_fd (depth 0): param 'window': '30 seconds' is not a duration like 500ms, 1s, 30s, 1m, 1h or 1d");
    }

    @Test
    void samplingThatIsNeitherAWordNorADuration() {
        assertError(TVI.formatted("sampling: rawx"), 7, "feature_configs[0].params.feature.0.sampling",
                "param 'sampling': 'rawx' is not a duration", "(or raw)");
    }

    @Test
    void depSchemaOutsideItsValuesNamesThemAndTheNearest() {
        assertError(TVI.formatted("dep_schema: trade"), 7, "feature_configs[0].params.feature.0.dep_schema",
                "param 'dep_schema': 'trade' is not one of trades, cryptotick, cryptofeed; did you mean 'trades'?");
    }

    @Test
    void featureParamsForADepthWithoutFeatures() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {3: {depth: 5}}
                """, 5, "feature_configs[0].params.feature.3", "no feature of price.mid_price_fd is at depth 3", "depths [0, 1]");
    }

    // ------------------------------------------------------------------ config keys

    @Test
    void misspeltTopLevelKey() {
        assertError("""
                featur_configs:
                  - feature_definition: price.mid_price_fd
                """, 1, "featur_configs", "unknown key 'featur_configs'; did you mean 'feature_configs'?");
    }

    @Test
    void misspeltEntryKey() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    parms: {}
                """, 3, "feature_configs[0].parms", "unknown key 'parms'; did you mean 'params'?");
    }

    @Test
    void misspeltDataSourceKeyInParams() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_sources: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                """, 4, "feature_configs[0].params.data_sources", "unknown key 'data_sources'; did you mean 'data_source'?");
    }

    @Test
    void misspeltOrderingKey() {
        assertError(book("{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}") + "ordering: {tim: exchange}\n",
                6, "ordering.tim", "unknown key 'tim'; did you mean 'time'?");
    }

    @Test
    void misspeltDefinitionName() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_prize_fd
                """, 2, "feature_configs[0].feature_definition", "definition 'price.mid_prize_fd' is not a known definition; did you mean 'price.mid_price_fd'?");
        assertError("""
                feature_configs:
                  - feature_definition: volatility_stdev_fd
                """, 2, "feature_configs[0].feature_definition", "did you mean 'volatility.volatility_stddev_fd'?");
    }

    // ------------------------------------------------------------------ data sources

    @Test
    void dataSourceWithoutExchange() {
        assertError(book("{instrument_type: spot, symbol: BTC-USDT}"), 5, "feature_configs[0].params.data_source[0]",
                "missing param 'exchange' for l2_book", "BINANCE, BINANCE_FUTURES, BYBIT, OKX, COINBASE");
    }

    @Test
    void dataSourceWithoutInstrumentType() {
        assertError(book("{exchange: BINANCE, symbol: BTC-USDT}"), 5, "feature_configs[0].params.data_source[0]",
                "missing param 'instrument_type' for l2_book", "one of spot, perpetual, futures, option");
    }

    @Test
    void dataSourceWithoutSymbol() {
        assertError(book("{exchange: BINANCE, instrument_type: spot}"), 5, "feature_configs[0].params.data_source[0]",
                "missing param 'symbol' for l2_book");
    }

    @Test
    void misspeltDataSourceParam() {
        assertError(book("{exchange: BINANCE, instrument_type: spot, symbl: BTC-USDT}"), 5, "feature_configs[0].params.data_source[0].symbl",
                "unknown param 'symbl' for l2_book; did you mean 'symbol'?");
    }

    @Test
    void unknownExchangeNamesTheNearestKnownOne() {
        assertError(book("{exchange: BINANSE, instrument_type: spot, symbol: BTC-USDT}"), 5,
                "feature_configs[0].params.data_source[0].exchange",
                "param 'exchange': unknown exchange 'BINANSE'; did you mean 'BINANCE'?", "known: BINANCE, BINANCE_FUTURES, BYBIT");
        assertError(book("{exchange: binance, instrument_type: spot, symbol: BTC-USDT}"), 5,
                "feature_configs[0].params.data_source[0].exchange", "did you mean 'BINANCE'?");
    }

    @Test
    void unknownInstrumentType() {
        assertError(book("{exchange: BINANCE, instrument_type: spto, symbol: BTC-USDT}"), 5,
                "feature_configs[0].params.data_source[0].instrument_type",
                "param 'instrument_type': 'spto' is not one of spot, perpetual, futures, option; did you mean 'spot'?");
        // a venue's own word for it: the config name is suggested
        assertError(book("{exchange: OKX, instrument_type: swap, symbol: BTC-USDT-SWAP}"), 5,
                "feature_configs[0].params.data_source[0].instrument_type", "'swap' is not one of spot, perpetual, futures, option; did you mean 'perpetual'?");
    }

    @Test
    void pathHostileOrEmptySymbols() {
        for (String symbol : List.of("'../x'", "'/'", "''", "'BTC/USDT'", "' '")) {
            assertError(book("{exchange: BINANCE, instrument_type: spot, symbol: " + symbol + "}"), 5,
                    "feature_configs[0].params.data_source[0].symbol", "param 'symbol'", "no '/' or '..'");
        }
    }

    @Test
    void depthABybitBookDoesNotServe() {
        assertError(book("{exchange: BYBIT, instrument_type: perpetual, symbol: BTC-USDT, depth: 37}"), 5,
                "feature_configs[0].params.data_source[0].depth",
                "param 'depth': 37 is not a book depth BYBIT perpetual can serve: BYBIT perpetual streams depth 1, 50, 200, 500, 1000 live; stored snapshots have depth 5, 25");
        assertError(book("{exchange: BYBIT, instrument_type: option, symbol: BTC-27DEC24-100000-C, depth: 50}"), 5,
                "feature_configs[0].params.data_source[0].depth", "streams depth 25, 100 live");
    }

    @Test
    void depthOnAVenueThatStreamsItsFullBook() {
        assertError(book("{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT, depth: 50}"), 5,
                "feature_configs[0].params.data_source[0].depth", "BINANCE streams its full book live (leave depth out)",
                "stored snapshots have depth 5, 25");
        assertError(book("{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT, depth: 0}"), 5,
                "feature_configs[0].params.data_source[0].depth", "param 'depth': '0' is not a positive number of levels");
    }

    @Test
    void depthOfAStreamThatIsNotABook() {
        assertError("""
                feature_configs:
                  - feature_definition: ohlcv.ohlcv_fd
                    params: {data_source: [{exchange: BYBIT, instrument_type: spot, symbol: BTC-USDT, depth: 50}]}
                """, 3, "feature_configs[0].params.data_source[0].depth", "unknown param 'depth' for trades");
    }

    @Test
    void channelAVenueDoesNotHave() {
        assertError(book("{exchange: OKX, instrument_type: spot, symbol: BTC-USDT, channel: book}"), 5,
                "feature_configs[0].params.data_source[0].channel",
                "param 'channel': 'book' is not a book channel of OKX; did you mean 'books'? (books (default), books5, bbo-tbt, books-l2-tbt)");
        assertError(book("{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT, channel: depth@500ms}"), 5,
                "feature_configs[0].params.data_source[0].channel", "is not a book channel of BINANCE", "depth@100ms (default), depth");
        assertError(book("{exchange: BYBIT, instrument_type: spot, symbol: BTC-USDT, channel: books}"), 5,
                "feature_configs[0].params.data_source[0].channel", "BYBIT has no choice of book channel; its book is chosen by 'depth'");
    }

    // ------------------------------------------------------------------ what is accepted

    @Test
    void venueDepthsAndStoredSnapshotDepthsAndChannelsLoad() {
        for (String source : List.of(
                "{exchange: BYBIT, instrument_type: spot, symbol: BTC-USDT, depth: 200}",
                "{exchange: BYBIT, instrument_type: perpetual, symbol: BTC-USDT, depth: 500}",
                "{exchange: BYBIT, instrument_type: perpetual, symbol: BTC-USDT, depth: 25}", // Tardis book_snapshot_25
                "{exchange: BINANCE_FUTURES, instrument_type: perpetual, symbol: BTC-USDT, depth: 5}", // Tardis book_snapshot_5
                "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT, channel: depth}",
                "{exchange: OKX, instrument_type: perpetual, symbol: BTC-USDT-SWAP, channel: books5}",
                "{exchange: COINBASE, instrument_type: spot, symbol: BTC-USD, channel: level2}",
                "{exchange: DERIBIT, instrument_type: option, symbol: BTC-25SEP20-10000-C}",
                "{exchange: BINANCE_DELIVERY, instrument_type: perpetual, symbol: BTCUSD_PERP}")) {
            FeaturizerConfig.load(write(book(source)));
        }
    }

    private Feature source(String dataSource) {
        return FeaturizerConfig.load(write(book(dataSource))).features().get(0).dataSources().get(0);
    }

    private Feature tvi(String params) {
        return FeaturizerConfig.load(write(TVI.formatted(params))).features().get(0);
    }

    @Test
    void aDefaultWrittenOrLeftOutGivesOneKey() {
        assertEquals(tvi("").key(), tvi("window: 1m, sampling: raw, dep_schema: trades").key());
        assertNotEquals(tvi("").key(), tvi("window: 2m").key());
        String bybit = "{exchange: BYBIT, instrument_type: spot, symbol: BTC-USDT";
        assertEquals(source(bybit + "}").key(), source(bybit + ", depth: 50}").key(), "Bybit's default depth is 50");
        assertNotEquals(source(bybit + "}").key(), source(bybit + ", depth: 200}").key());
        String binance = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT";
        assertEquals(source(binance + "}").key(), source(binance + ", channel: depth@100ms}").key(), "Binance's default channel");
        assertNotEquals(source(binance + "}").key(), source(binance + ", channel: depth}").key());
    }

    /** Keys name stored blocks: every feature of the examples keeps the key it had before params were declared. */
    @Test
    void exampleKeysAreUnchanged() throws IOException {
        List<String> expected = Files.readAllLines(Path.of("src/test/resources/example-feature-keys.txt"));
        TreeSet<String> actual = new TreeSet<>();
        try (var files = Files.list(Path.of("../examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Feature f : FeaturizerConfig.load(p).features()) {
                    walk(f, actual);
                }
            }
        }
        List<String> changed = new ArrayList<>(expected);
        changed.removeAll(actual); // examples added later bring new keys; the pinned ones must all still be there
        assertEquals(List.of(), changed, "feature keys of the examples that changed or went away");
    }

    private static void walk(Feature f, TreeSet<String> out) {
        out.add(f.definition().name() + " " + f.params().canonical() + " " + f.key());
        for (Feature c : f.children()) {
            walk(c, out);
        }
    }

    @Test
    void everyConfigFileInTheRepositoryLoads() throws IOException {
        List<Path> configs = new ArrayList<>();
        try (var files = Files.list(Path.of("../examples"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(configs::add);
        }
        try (var files = Files.list(Path.of("src/test/resources/configs"))) {
            files.filter(f -> f.getFileName().toString().startsWith("params-")).forEach(configs::add);
        }
        assertTrue(configs.size() >= 8, configs.toString());
        for (Path p : configs) {
            assertFalse(FeaturizerConfig.load(p).features().isEmpty(), p.toString());
        }
    }
}
