package io.featurizer.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad configs (DESIGN.md section 11): one {@link ConfigException} whose message names the file, the 1-based
 * line, the key path and what was expected. Line numbers below count the lines of each text block from 1.
 */
class ConfigErrorsTest {
    private static final String FILE = "bad.yaml";
    private static final String BTC = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> FeaturizerConfig.parse(yaml, FILE),
                () -> "expected a ConfigException for:\n" + yaml);
    }

    /** Asserts the file, line, exact key, the {@code file:line: key: } message prefix and the given message parts. */
    private static ConfigException assertError(String yaml, int line, String key, String... parts) {
        ConfigException e = error(yaml);
        check(e, FILE, line, key, false, parts);
        return e;
    }

    /** Like {@link #assertError} but the key only has to start with {@code keyPrefix} (it may name the param too). */
    private static ConfigException assertErrorUnder(String yaml, int line, String keyPrefix, String... parts) {
        ConfigException e = error(yaml);
        check(e, FILE, line, keyPrefix, true, parts);
        return e;
    }

    private static void check(ConfigException e, String file, int line, String key, boolean prefix, String... parts) {
        String msg = e.getMessage();
        Supplier<String> m = () -> "message: " + msg;
        List<String> problems = new ArrayList<>();
        if (!file.equals(e.file())) {
            problems.add("file " + e.file() + " != " + file);
        }
        if (line != e.line()) {
            problems.add("line " + e.line() + " != " + line);
        }
        String k = e.key() == null ? "" : e.key();
        if (prefix ? !k.startsWith(key) : !k.equals(key)) {
            problems.add("key '" + k + "' " + (prefix ? "does not start with '" : "!= '") + key + "'");
        }
        String head = file + ":" + line + ": " + (k.isEmpty() ? "" : k + ": ");
        if (!msg.startsWith(head)) {
            problems.add("message does not start with '" + head + "'");
        }
        for (String p : parts) {
            if (!msg.contains(p)) {
                problems.add("message lacks '" + p + "'");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("; ", problems) + "; " + m.get());
        }
    }

    // ---------------------------------------------------------------- the file itself

    @Test
    void invalidYamlSyntax() {
        ConfigException e = assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: a: b
                """, 3, "", "invalid YAML", "mapping values are not allowed");
        assertNull(e.key());
    }

    @Test
    void tabIndentation() {
        assertError("feature_configs:\n\t- feature_definition: ticker\n", 2, "", "invalid YAML");
    }

    @Test
    void moreThanOneDocument() {
        ConfigException e = error("""
                feature_configs: []
                ---
                feature_configs: []
                """);
        assertTrue(e.getMessage().startsWith(FILE + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
        assertTrue(e.line() >= 1, "line " + e.line());
    }

    private static void assertEmptyConfigError(String yaml) {
        ConfigException e = error(yaml);
        String what = "for '" + yaml.replace("\n", "\\n") + "': " + e.getMessage();
        assertEquals(FILE, e.file(), what);
        assertTrue(e.line() == 0 || e.line() == 1, "line " + e.line() + " " + what);
        assertTrue(e.getMessage().startsWith(FILE + ":"), what);
        assertTrue(e.getMessage().contains("empty"), what);
        assertTrue(e.getMessage().contains("feature_configs"), what);
    }

    @Test
    void emptyFile() {
        assertEmptyConfigError("");
        assertEmptyConfigError("\n\n");
        assertEmptyConfigError("# only a comment\n");
    }

    /** An explicit but empty YAML document is an empty config too (not "got nothing" on a line past the end). */
    @Test
    void emptyDocument() {
        assertEmptyConfigError("---\n");
        assertEmptyConfigError("# header\n---\n...\n");
    }

    @Test
    void topLevelNotAMapping() {
        assertError("- feature_definition: ticker\n", 1, "", "expected a mapping", "a list");
        assertError("just some words\n", 1, "", "expected a mapping", "'just some words'");
    }

    @Test
    void missingFile() {
        Path missing = Path.of("no-such-dir", "no-such-config.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> FeaturizerConfig.load(missing));
        assertEquals(missing.toString(), e.file());
        assertEquals(0, e.line());
        assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void errorsInAFileNameThatFile() {
        Path p = ConfigLoaderTest.resource("bad-cyclic-deps.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> FeaturizerConfig.load(p));
        check(e, p.toString(), 9, "feature_configs[1]", false, "cyclic deps: 'vol' -> 'vol_diff' -> 'vol'");
    }

    @Test
    void duplicateYamlKey() {
        assertError("""
                start_date: '2023-02-01'
                start_date: '2023-02-02'
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                """.formatted(BTC), 2, "start_date", "duplicate key 'start_date'");
    }

    // ---------------------------------------------------------------- top level

    @Test
    void missingFeatureConfigs() {
        assertError("""
                start_date: '2023-02-01 10:00:00'
                label_feature: 0
                """, 1, "", "missing 'feature_configs'", "feature_definition");
        assertError("""
                start_date: '2023-02-01 10:00:00'
                feature_configs:
                """, 1, "", "missing 'feature_configs'");
    }

    @Test
    void featureConfigsEmptyOrNotAList() {
        assertError("""
                start_date: '2023-02-01 10:00:00'
                feature_configs: []
                """, 2, "feature_configs", "'feature_configs' is empty");
        assertError("""
                feature_configs:
                  feature_definition: ticker
                """, 2, "feature_configs", "expected a list", "a mapping");
    }

    @Test
    void unknownTopLevelKey() {
        assertError("""
                start_date: '2023-02-01 10:00:00'
                label_features: 0
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                """.formatted(BTC), 2, "label_features", "unknown key", "label_feature", "feature_configs", "start_date");
    }

    /** A misspelt key whose value is a block on the next lines: the error points at the key, not at the block below it. */
    @Test
    void unknownTopLevelKeyIsReportedAtTheKeysLine() {
        assertError("""
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                orderin:
                  time: exchange
                """.formatted(BTC), 4, "orderin", "unknown key");
    }

    @Test
    void unknownEntryKeyIsReportedAtTheKeysLine() {
        assertError("""
                feature_configs:
                  - feature_definition: ticker
                    parms:
                      data_source: [%s]
                """.formatted(BTC), 3, "feature_configs[0].parms", "unknown key");
    }

    @Test
    void badOrderingValues() {
        assertError("""
                ordering: {time: wallclock}
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                """.formatted(BTC), 1, "ordering.time", "'receipt'", "'exchange'");
        assertError("""
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                output:
                  sample_every: often
                """.formatted(BTC), 5, "output.sample_every", "'often'", "duration like");
        assertError("""
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                output: {emit_with_missing: sometimes}
                """.formatted(BTC), 4, "output.emit_with_missing", "true or false");
    }

    // ---------------------------------------------------------------- entries

    @Test
    void entryMissingFeatureDefinition() {
        assertError("""
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                  - name: orphan
                    params: {data_source: [%s]}
                """.formatted(BTC, BTC), 4, "feature_configs[1]", "missing 'feature_definition'", "price.mid_price_fd");
    }

    @Test
    void entryNotAMapping() {
        assertError("""
                feature_configs:
                  - price.mid_price_fd
                """, 2, "feature_configs[0]", "expected a mapping", "'price.mid_price_fd'");
    }

    @Test
    void unknownEntryKey() {
        assertError("""
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                    window: 1m
                """.formatted(BTC), 4, "feature_configs[0].window", "unknown key", "feature_definition", "params", "deps");
    }

    @Test
    void unknownKeyInStructuredParams() {
        assertError("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [%s]
                      featur: {1: {dep_schema: ticker}}
                """.formatted(BTC), 5, "feature_configs[0].params.featur", "unknown key", "data_source", "feature");
    }

    @Test
    void unknownDefinitionListsTheKnownNames() {
        ConfigException e = assertError("""
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                  - feature_definition: price.mid_prize_fd
                    params: {data_source: [%s]}
                """.formatted(BTC, BTC), 4, "feature_configs[1].feature_definition", "'price.mid_prize_fd'",
                "price.mid_price_fd", "volatility.volatility_stddev_fd", "transforms.diff", "l2_book.l2_snapshot_fd", "ticker");
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void badDurationForAWindow() {
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    name: vol_1m
                    params:
                      data_source:
                        - %s
                      feature:
                        0: {window: 1x}
                        1: {dep_schema: ticker}
                """.formatted(BTC), 8, "feature_configs[0].params.feature.0", "window", "'1x'", "duration like");
        // block style: the depth-0 params start on the line of 'window'
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [%s]
                      feature:
                        1: {dep_schema: ticker}
                        0:
                          window: 1x
                """.formatted(BTC), 8, "feature_configs[0].params.feature.0", "window", "'1x'", "duration like");
        // flat params of a transform
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%s]}
                  - feature_definition: transforms.diff
                    params: {window: 1x}
                    deps: [mid]
                """.formatted(BTC), 6, "feature_configs[1].params", "window", "'1x'", "duration like");
    }

    @Test
    void badDurationForTheLabelLookahead() {
        assertError("""
                label_feature: 0
                label_lookahead: 5 seconds
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [%s]}
                """.formatted(BTC), 2, "label_lookahead", "'5 seconds'", "duration like");
    }

    @Test
    void badDepSchemaListsTheAcceptedValues() {
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source:
                        - %s
                      feature:
                        0: {window: 1m}
                        1: {dep_schema: tickr}
                """.formatted(BTC), 8, "feature_configs[0].params.feature.1", "price.mid_price_fd", "'tickr'",
                "l2_book", "ticker", "cryptotick", "cryptofeed");
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [%s]
                      feature: {0: {dep_schema: mid}}
                """.formatted(BTC), 5, "feature_configs[0].params.feature.0", "'mid'", "mid_price", "synthetic_sine");
    }

    /** With params.feature as a list (index = depth), a bad param is reported at that list item, as with the map form. */
    @Test
    void badParamInListFormFeatureParamsIsReportedAtItsItem() {
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: tvi.trade_volume_imb_fd
                    params:
                      data_source: [%s]
                      feature:
                        - {window: 1m}
                    name: tvi
                  - feature_definition: tvi.trade_volume_imb_fd
                    params:
                      data_source: [%s]
                      feature:
                        - {window: 1m, dep_schema: l2_book}
                """.formatted(BTC, BTC), 12, "feature_configs[1].params.feature[0]", "'l2_book'", "trades");
    }

    /** The same with the original's older entry key feature_params. */
    @Test
    void badParamInLegacyFeatureParamsIsReportedAtItsDepth() {
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    data_params: [%s]
                    feature_params:
                      1: {dep_schema: ticker}
                      0: {window: 1x}
                """.formatted(BTC), 6, "feature_configs[0].feature_params.0", "'1x'", "duration like");
    }

    @Test
    void tooFewDataSources() {
        assertError("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params: {feature: {1: {dep_schema: ticker}}}
                """, 3, "feature_configs[0].params", "data_source", "#0", "exchange, instrument_type, symbol");
        assertError("""
                feature_configs:
                  - feature_definition: ticker
                    name: t
                  - feature_definition: price.mid_price_fd
                """, 2, "feature_configs[0]", "ticker needs data_source entry #0");
    }

    @Test
    void tooManyDataSources() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params: {data_source: [%s, {exchange: BINANCE, instrument_type: spot, symbol: ETH-USDT}]}
                """.formatted(BTC), 3, "feature_configs[0].params", "2 data_source entries", "price.mid_price_fd", "1 data-source leaf");
    }

    @Test
    void dataSourceEntryNotAMapping() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source:
                        - BINANCE
                """, 5, "feature_configs[0].params.data_source[0]", "expected a mapping of params", "'BINANCE'");
    }

    @Test
    void badDataSourceParams() {
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: 5}]}
                """, 3, "feature_configs[0].params.data_source[0].symbol", "param 'symbol'", "expected a symbol such as BTC-USDT", "got '5'");
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: synthetic.synthetic_sine_mid_price
                    params: {data_source: [{exchange: BINANCE, mean: 100, freq: 1}]}
                """, 3, "feature_configs[0].params", "'amplitude'");
    }

    @Test
    void featureParamsKeyedByANonIntegerDepth() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source: [%s]
                      feature:
                        zero: {dep_schema: ticker}
                """.formatted(BTC), 6, "feature_configs[0].params.feature.zero", "keyed by depth", "'zero'");
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source: [%s]
                      feature: {-1: {dep_schema: ticker}}
                """.formatted(BTC), 5, "feature_configs[0].params.feature.-1", "depth must be >= 0");
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source: [%s]
                      feature: {0: ticker}
                """.formatted(BTC), 5, "feature_configs[0].params.feature.0", "expected a mapping of params", "'ticker'");
    }

    @Test
    void duplicateFeatureNames() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%s]}
                  - feature_definition: spread.relative_bid_ask_spread_fd
                    name: mid
                    params: {data_source: [%s]}
                """.formatted(BTC, BTC), 6, "feature_configs[1].name", "duplicate feature name 'mid'");
    }

    // ---------------------------------------------------------------- deps

    @Test
    void unresolvedDepListsTheConfiguredNames() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%s]}
                  - feature_definition: transforms.diff
                    deps: [midd]
                """.formatted(BTC), 6, "feature_configs[1].deps[0]", "unresolved dep 'midd'", "configured feature names", "mid");
    }

    @Test
    void cyclicDepsShowTheCycleByName() {
        assertError("""
                feature_configs:
                  - feature_definition: transforms.diff
                    name: a
                    deps: [b]
                  - feature_definition: transforms.diff
                    name: b
                    deps: [a]
                """, 2, "feature_configs[0]", "cyclic deps: 'a' -> 'b' -> 'a'");
    }

    @Test
    void cycleBelowAnotherFeatureShowsOnlyTheCycle() {
        ConfigException e = assertError("""
                feature_configs:
                  - feature_definition: transforms.diff
                    name: x
                    deps: [a]
                  - feature_definition: transforms.diff
                    name: a
                    deps: [2]
                  - feature_definition: transforms.diff
                    deps: [a]
                """, 5, "feature_configs[1]", "cyclic deps: 'a' -> feature_configs[2] -> 'a'");
        assertFalse(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void selfDependency() {
        assertError("""
                feature_configs:
                  - feature_definition: transforms.diff
                    name: a
                    deps: [a]
                """, 2, "feature_configs[0]", "cyclic deps: 'a' -> 'a'");
    }

    @Test
    void depIndexOutOfRange() {
        String yaml = """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params: {data_source: [%s]}
                  - feature_definition: transforms.diff
                    deps:
                      - %s
                """;
        assertError(yaml.formatted(BTC, "7"), 6, "feature_configs[1].deps[0]", "dep index 7 is out of range", "2 entries");
        assertError(yaml.formatted(BTC, "-1"), 6, "feature_configs[1].deps[0]", "dep index -1 is out of range");
    }

    @Test
    void depOfTheWrongKind() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params: {data_source: [%s]}
                  - feature_definition: transforms.diff
                    deps: [{name: x}]
                """.formatted(BTC), 5, "feature_configs[1].deps[0]", "feature name or an index", "a mapping");
    }

    @Test
    void transformWithoutDeps() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%s]}
                  - feature_definition: transforms.diff
                    params: {window: 5s}
                """.formatted(BTC), 5, "feature_configs[1]", "transforms.diff", "deps: [");
    }

    @Test
    void tooManyDeps() {
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%s]}
                  - feature_definition: transforms.diff
                    deps: [mid, mid]
                """.formatted(BTC), 6, "feature_configs[1].deps", "2 deps given", "transforms.diff takes 1");
        assertError("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%s]}
                  - feature_definition: price.mid_price_fd
                    params: {data_source: [%s], feature: {0: {dep_schema: ticker}}}
                    deps: [mid]
                """.formatted(BTC, BTC), 7, "feature_configs[1].deps", "1 deps given", "price.mid_price_fd takes 0");
    }

    @Test
    void transformOverAMultiValueFeature() {
        assertErrorUnder("""
                feature_configs:
                  - feature_definition: ticker
                    name: quotes
                    params: {data_source: [%s]}
                  - feature_definition: transforms.diff
                    deps: [quotes]
                """.formatted(BTC), 5, "feature_configs[1]", "single-value feature", "quotes");
    }

    // ---------------------------------------------------------------- label, stored features, dates

    private static final String TWO_FEATURES = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                params: {data_source: [%s]}
              - feature_definition: transforms.diff
                deps: [mid]
            """.formatted(BTC);

    @Test
    void labelFeatureOutOfRange() {
        assertError("label_feature: 2\n" + TWO_FEATURES, 1, "label_feature", "index 2 is out of range", "2 entries", "0..1");
        assertError("label_feature: -1\n" + TWO_FEATURES, 1, "label_feature", "out of range");
        assertError("label_feature: midd\n" + TWO_FEATURES, 1, "label_feature", "an index into feature_configs or a feature name", "mid");
    }

    @Test
    void featuresToStoreOutOfRange() {
        assertError("features_to_store: [0, 5]\n" + TWO_FEATURES, 1, "features_to_store[1]", "index 5 is out of range");
        assertError("features_to_store:\n  - 0\n  - nope\n" + TWO_FEATURES, 3, "features_to_store[1]", "feature name");
    }

    @Test
    void badDate() {
        assertError("start_date: '2023-02-01 25:00:00'\n" + TWO_FEATURES, 1, "start_date",
                "'2023-02-01 25:00:00' is not a time", "'2023-02-01 10:00:00'");
        assertError("start_date: '2023-02-01 10:00:00'\nend_date: yesterday\n" + TWO_FEATURES, 2, "end_date",
                "'yesterday' is not a time");
        assertError("end_date: '2023-02-30'\n" + TWO_FEATURES, 1, "end_date", "is not a time");
    }

    @Test
    void endBeforeStart() {
        assertError("start_date: '2023-02-01 11:00:00'\nend_date: '2023-02-01 10:00:00'\n" + TWO_FEATURES, 2, "end_date",
                "before start_date");
    }
}
