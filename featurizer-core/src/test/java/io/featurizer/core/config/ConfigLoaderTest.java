package io.featurizer.core.config;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.LateEventPolicy;
import io.featurizer.core.graph.TimeField;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Loading configs in the svoe YAML format (DESIGN.md section 9): the example configs under
 * {@code examples/}, checked feature tree by feature tree, plus the params forms, key stability and
 * subtree sharing rules.
 */
class ConfigLoaderTest {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");

    // Epoch seconds worked out by hand: 2023-01-01T00:00Z = 1_672_531_200; + 31 days (2_678_400 s) = 2023-02-01T00:00Z.
    private static final long FEB_1_2023 = 1_675_209_600L;
    private static final long NS = 1_000_000_000L;

    /** The repository's top-level {@code examples/} folder, found from the module directory the tests run in. */
    static Path examplesDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples");
            if (Files.isDirectory(candidate) && Files.exists(candidate.resolve("design-section9.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no examples/ folder above " + dir);
    }

    static FeaturizerConfig example(String file) {
        return FeaturizerConfig.load(examplesDir().resolve(file));
    }

    static Path resource(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/configs/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource configs/" + name, e);
        }
    }

    private static FeaturizerConfig parse(String yaml) {
        return FeaturizerConfig.parse(yaml, "test.yaml");
    }

    private static Map<String, Object> venue() {
        return venue("BTC-USDT");
    }

    private static Map<String, Object> venue(String symbol) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exchange", "BINANCE");
        m.put("instrument_type", "spot");
        m.put("symbol", symbol);
        return m;
    }

    private static long epochNanos(String isoUtc) {
        Instant i = LocalDateTime.parse(isoUtc).toInstant(ZoneOffset.UTC);
        return i.getEpochSecond() * NS + i.getNano();
    }

    /**
     * A feature's params as the config gives them, defaults filled in, but without a {@code dep_schema} that only
     * restates the definition's default input ({@code l2_book}, {@code mid_price}, {@code trades}): whether a
     * definition fills that one in is its own business (see {@link #explicitDefaultDepSchemaGivesTheSameKeyAsNone}).
     */
    static Map<String, Object> own(Feature f) {
        Map<String, Object> m = new TreeMap<>(f.params().asMap());
        Object depSchema = m.get("dep_schema");
        if (depSchema != null && Set.of("l2_book", "mid_price", "trades").contains(depSchema)) {
            m.remove("dep_schema");
        }
        return m;
    }

    private static void assertKeysWellFormed(Feature f) {
        assertTrue(KEY.matcher(f.key()).matches(), () -> f + " has key " + f.key());
        for (Feature c : f.children()) {
            assertKeysWellFormed(c);
        }
    }

    private static Feature only(List<Feature> children) {
        assertEquals(1, children.size(), () -> "expected one child, got " + children);
        return children.get(0);
    }

    // ---------------------------------------------------------------- examples, tree by tree

    @Test
    void designSection9() {
        Path file = examplesDir().resolve("design-section9.yaml");
        FeaturizerConfig c = FeaturizerConfig.load(file);
        assertEquals(file.toString(), c.source());

        // 2023-02-01 10:00:00 and 11:00:00 UTC
        assertEquals((FEB_1_2023 + 10 * 3600) * NS, c.startNanos());
        assertEquals(1_675_245_600_000_000_000L, c.startNanos());
        assertEquals(epochNanos("2023-02-01T10:00:00"), c.startNanos());
        assertEquals((FEB_1_2023 + 11 * 3600) * NS, c.endNanos());
        assertEquals(0, c.labelFeature());
        assertEquals(5_000_000_000L, c.labelLookaheadNanos());
        assertEquals(List.of(0, 1), c.featuresToStore());
        assertEquals(OrderingConfig.DEFAULT, c.ordering());

        assertEquals(2, c.features().size());
        Feature vol = c.features().get(0);
        assertEquals("volatility.volatility_stddev_fd", vol.definition().name());
        assertEquals(Map.of("window", "1m"), own(vol));
        assertEquals("vol_1m", vol.name());
        assertTrue(vol.hasUserName());
        assertFalse(vol.isLabel());

        Feature mid = only(vol.children());
        assertEquals("price.mid_price_fd", mid.definition().name());
        assertEquals(Map.of("dep_schema", "ticker"), own(mid));
        assertEquals("feature_MidPriceFD_" + mid.key().substring(0, 8), mid.name());

        Feature ticker = only(mid.children());
        assertTrue(ticker.isDataSource());
        assertEquals("ticker", ticker.definition().name());
        assertEquals("ticker", ((DataSourceDefinition) ticker.definition()).channel());
        assertEquals(venue(), own(ticker));
        assertEquals("BINANCE:spot:BTC-USDT:ticker", ticker.dataSourceId());
        assertTrue(ticker.children().isEmpty());
        assertEquals("data_source_Ticker_" + ticker.key().substring(0, 8), ticker.name());

        Feature diff = c.features().get(1);
        assertEquals("transforms.diff", diff.definition().name());
        assertEquals(Map.of("window", "30s"), own(diff));
        assertSame(vol, only(diff.children()), "the transform's input is the configured vol_1m feature itself");
        assertEquals(vol.key(), diff.children().get(0).key());
        assertFalse(diff.hasUserName());
        assertEquals("feature_Diff_" + diff.key().substring(0, 8), diff.name());
        assertEquals(30 * NS + 60 * NS, diff.totalLookbackNanos());
        assertEquals(List.of(ticker), diff.dataSources());

        // the raw entries as written
        FeatureConfig raw1 = c.featureConfigs().get(1);
        assertEquals("transforms.diff", raw1.definition());
        assertNull(raw1.name());
        assertEquals(List.of("vol_1m"), raw1.deps());
        assertEquals(Map.of(0, Map.of("window", "30s")), raw1.featureParams());
        FeatureConfig raw0 = c.featureConfigs().get(0);
        assertEquals(List.of(venue()), raw0.dataSourceParams());
        assertEquals(Map.of(0, Map.of("window", "1m"), 1, Map.of("dep_schema", "ticker")), raw0.featureParams());

        assertEquals(List.of(vol, diff), c.featuresToStoreList());
        assertSame(diff, c.feature("feature_Diff_" + diff.key().substring(0, 8)));
        assertSame(vol, c.feature("vol_1m"));

        Feature label = c.label().orElseThrow();
        assertTrue(label.isLabel());
        assertNotEquals(vol.key(), label.key());
        assertTrue(KEY.matcher(label.key()).matches());
        assertEquals(vol.definition(), label.definition());
        assertEquals(vol.params(), label.params());
        assertEquals(vol.children(), label.children());
        assertTrue(label.name().startsWith("label_"), label.name());

        assertKeysWellFormed(diff);
    }

    @Test
    void svoeSyntheticSine() {
        FeaturizerConfig c = example("svoe-synthetic-sine.yaml");
        assertEquals(FEB_1_2023 * NS, c.startNanos());
        assertEquals(epochNanos("2023-02-01T00:00:00"), c.startNanos());
        assertEquals((FEB_1_2023 + 23 * 3600) * NS, c.endNanos());
        assertEquals(epochNanos("2023-02-01T23:00:00"), c.endNanos());
        assertEquals(0, c.labelFeature());
        assertEquals(10_000_000_000L, c.labelLookaheadNanos());
        assertEquals(List.of(), c.featuresToStore());

        Feature sine = only(c.features());
        assertTrue(sine.isDataSource());
        assertEquals("synthetic.synthetic_sine_mid_price", sine.definition().name());
        assertEquals("synthetic_sine_mid_price", ((DataSourceDefinition) sine.definition()).channel());
        Map<String, Object> expected = venue();
        expected.put("step", 1L);
        expected.put("amplitude", 2000L);
        expected.put("mean", 10000L);
        expected.put("freq", 5L);
        assertEquals(expected, own(sine));
        assertEquals("data_source_SyntheticSineMidPrice_" + sine.key().substring(0, 8), sine.name());
        assertEquals(List.of(sine), sine.dataSources());
        assertKeysWellFormed(sine);

        Feature label = c.label().orElseThrow();
        assertTrue(label.isLabel());
        assertNotEquals(sine.key(), label.key());
    }

    @Test
    void svoeVolatilityMidTicker() {
        FeaturizerConfig c = example("svoe-volatility-mid-ticker.yaml");
        assertEquals(2, c.features().size());
        assertNull(c.labelFeature());
        assertEquals(0, c.labelLookaheadNanos());
        assertTrue(c.label().isEmpty());

        Feature vol = c.features().get(0);
        assertEquals("volatility.volatility_stddev_fd", vol.definition().name());
        assertEquals(Map.of("window", "1m"), own(vol), "the default window is filled in");
        assertEquals("volatility", vol.name());

        Feature mid = c.features().get(1);
        assertEquals("price.mid_price_fd", mid.definition().name());
        assertEquals("mid_price", mid.name());
        assertEquals(Map.of("dep_schema", "ticker"), own(mid));
        Feature ticker = only(mid.children());
        assertEquals("ticker", ticker.definition().name());
        assertEquals(venue(), own(ticker));

        Feature volMid = only(vol.children());
        assertEquals(mid.key(), volMid.key(), "the volatility's mid price and the configured one are one feature");
        assertEquals(mid, volMid);
        assertEquals(ticker.key(), only(volMid.children()).key());
    }

    @Test
    void sharedSubtreeCarriesTheUserNameWhateverTheEntryOrder() {
        // svoe-volatility-mid-ticker.yaml lists the volatility before the mid price it reads. The mid price inside
        // the volatility is the feature the user named 'mid_price'; it must be that very (named) instance, as it is
        // when the entries come in the other order, so callbacks, error messages and graph nodes use the user's name.
        FeaturizerConfig volFirst = example("svoe-volatility-mid-ticker.yaml");
        FeaturizerConfig midFirst = parse("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid_price
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {dep_schema: ticker}}
                  - feature_definition: volatility.volatility_stddev_fd
                    name: volatility
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {1: {dep_schema: ticker}}
                """);
        assertSame(midFirst.feature("mid_price"), only(midFirst.feature("volatility").children()));
        Feature volFirstMid = volFirst.feature("mid_price");
        Feature volFirstVolMid = only(volFirst.feature("volatility").children());
        assertEquals("mid_price", volFirstVolMid.name());
        assertSame(volFirstMid, volFirstVolMid);
        assertSame(only(volFirstMid.children()), only(volFirstVolMid.children()), "one shared ticker leaf");
    }

    @Test
    void svoeFeatureLabelSet() {
        FeaturizerConfig c = example("svoe-feature-label-set.yaml");
        assertEquals(epochNanos("2023-02-01T10:00:00"), c.startNanos());
        assertEquals(epochNanos("2023-02-01T11:00:00"), c.endNanos());
        assertEquals(0, c.labelFeature());
        assertEquals(5_100_000_000L, c.labelLookaheadNanos());
        assertEquals(List.of(0, 1, 2, 3, 4), c.featuresToStore());
        assertEquals(5, c.features().size());

        Feature mid = c.features().get(4);
        assertEquals("mid_price", mid.name());
        assertEquals("price.mid_price_fd", mid.definition().name());
        assertTrue(own(mid).isEmpty(), "no params at depth 0: " + mid.params());
        Feature snapshot = only(mid.children());
        assertEquals("l2_book.l2_snapshot_fd", snapshot.definition().name());
        assertEquals(Map.of("dep_schema", "cryptotick", "sampling", "1s", "depth", 25L), own(snapshot));
        Feature book = only(snapshot.children());
        assertEquals("l2_book", book.definition().name());
        assertEquals(venue(), own(book));
        assertEquals("BINANCE:spot:BTC-USDT:l2_book", book.dataSourceId());

        String[] names = {"mid_price_20s_diff", "mid_price_10s_diff", "mid_price_5s_diff", "mid_price_1s_diff"};
        String[] windows = {"20s", "10s", "5s", "1100ms"};
        long[] windowNanos = {20 * NS, 10 * NS, 5 * NS, 1_100_000_000L};
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Feature d = c.features().get(i);
            assertEquals(names[i], d.name());
            assertEquals("transforms.diff", d.definition().name());
            assertEquals(Map.of("window", windows[i]), own(d), "flat params are the feature's own (depth 0)");
            assertSame(mid, only(d.children()), names[i] + " reads the configured mid_price");
            assertEquals(windowNanos[i], d.totalLookbackNanos());
            keys.add(d.key());

            FeatureConfig raw = c.featureConfigs().get(i);
            assertEquals(Map.of(0, Map.of("window", windows[i])), raw.featureParams());
            assertEquals(List.of("mid_price"), raw.deps());
            assertTrue(raw.dataSourceParams().isEmpty());
        }
        assertEquals(4, keys.size(), "different windows, different keys");
        assertEquals(List.of(book), c.features().get(0).dataSources());
        c.features().forEach(ConfigLoaderTest::assertKeysWellFormed);
    }

    @Test
    void demo() {
        FeaturizerConfig c = example("demo.yaml");
        assertNull(c.startNanos());
        assertNull(c.endNanos());
        assertEquals(7, c.features().size());
        List<String> names = c.features().stream().map(Feature::name).toList();
        assertEquals(List.of("book_top5", "book_top25", "mid_price", "spread", "volatility_1m", "tvi_1m", "ohlcv_1m"), names);

        Feature top5 = c.feature("book_top5");
        Feature top25 = c.feature("book_top25");
        assertEquals(Map.of("depth", 5L, "sampling", "raw"), own(top5));
        assertEquals(Map.of("depth", 25L, "sampling", "raw"), own(top25));
        assertNotEquals(top5.key(), top25.key());
        Feature l2 = only(top25.children());
        assertSame(l2, only(top5.children()), "both book features read one l2_book source");
        assertEquals("l2_book", l2.definition().name());
        assertEquals(venue(), own(l2));

        Feature mid = c.feature("mid_price");
        Feature spread = c.feature("spread");
        Feature vol = c.feature("volatility_1m");
        assertEquals("spread.relative_bid_ask_spread_fd", spread.definition().name());
        assertSame(top25, only(mid.children()), "the default dep_schema reads the (default, top-25) L2 snapshot");
        assertSame(top25, only(spread.children()));
        assertSame(mid, only(vol.children()));
        assertEquals(Map.of("window", "1m"), own(vol));

        Feature tvi = c.feature("tvi_1m");
        Feature ohlcv = c.feature("ohlcv_1m");
        assertEquals("tvi.trade_volume_imb_fd", tvi.definition().name());
        assertEquals(Map.of("window", "1m", "sampling", "raw"), own(tvi));
        assertEquals("ohlcv.ohlcv_fd", ohlcv.definition().name());
        assertEquals(Map.of("window", "1m"), own(ohlcv));
        Feature trades = only(tvi.children());
        assertSame(trades, only(ohlcv.children()));
        assertEquals("BINANCE:spot:BTC-USDT:trades", trades.dataSourceId());

        Set<String> keys = new HashSet<>();
        c.features().forEach(f -> keys.add(f.key()));
        assertEquals(7, keys.size());
        c.features().forEach(ConfigLoaderTest::assertKeysWellFormed);
    }

    // ---------------------------------------------------------------- keys and sharing

    private static final String VOL_AND_SPREAD = """
            feature_configs:
              - feature_definition: volatility.volatility_stddev_fd
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                  feature: {0: {window: 1m}, 1: {dep_schema: ticker}}
              - feature_definition: volatility.volatility_stddev_fd
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                  feature: {0: {window: 5m}, 1: {dep_schema: ticker}}
              - feature_definition: transforms.diff
                deps: [0]
            """;

    @Test
    void identicalSubtreesAreShared() {
        FeaturizerConfig c = parse(VOL_AND_SPREAD);
        Feature vol1 = c.features().get(0);
        Feature vol5 = c.features().get(1);
        assertNotEquals(vol1.key(), vol5.key());
        assertEquals(only(vol1.children()).key(), only(vol5.children()).key(), "two features over the same mid price");
        assertSame(only(vol1.children()), only(vol5.children()));
        assertSame(vol1, only(c.features().get(2).children()), "deps by index");
    }

    @Test
    void keysAreStableAcrossParses() {
        FeaturizerConfig a = parse(VOL_AND_SPREAD);
        FeaturizerConfig b = FeaturizerConfig.parse(VOL_AND_SPREAD, "other-name.yaml");
        for (int i = 0; i < a.features().size(); i++) {
            assertEquals(a.features().get(i).key(), b.features().get(i).key());
            assertEquals(a.features().get(i).name(), b.features().get(i).name());
        }
        FeaturizerConfig x = example("demo.yaml");
        FeaturizerConfig y = example("demo.yaml");
        assertEquals(x.features().stream().map(Feature::key).toList(), y.features().stream().map(Feature::key).toList());
    }

    /** The key format is what names stored blocks: MD5 of {@code label=..|def=..|params=<canonical>|children=<sorted keys>}. */
    @Test
    void keysFollowTheDocumentedHash() throws Exception {
        Feature mid = example("svoe-volatility-mid-ticker.yaml").feature("mid_price");
        Feature ticker = only(mid.children());
        String tickerKey = md5("label=false|def=ticker|params={\"exchange\":\"BINANCE\",\"instrument_type\":\"spot\",\"symbol\":\"BTC-USDT\"}|children=");
        assertEquals(tickerKey, ticker.key());
        assertEquals(md5("label=false|def=price.mid_price_fd|params={\"dep_schema\":\"ticker\"}|children=" + tickerKey), mid.key());
    }

    private static String md5(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : d) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    @Test
    void differentParamsGiveDifferentKeys() {
        String base = """
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: %s}]
                      feature: {0: {window: %s}, 1: {dep_schema: ticker}}
                """;
        Feature btc1m = only(parse(base.formatted("BTC-USDT", "1m")).features());
        Feature btc2m = only(parse(base.formatted("BTC-USDT", "2m")).features());
        Feature eth1m = only(parse(base.formatted("ETH-USDT", "1m")).features());
        assertNotEquals(btc1m.key(), btc2m.key());
        assertEquals(only(btc1m.children()).key(), only(btc2m.children()).key(), "the window is the volatility's own param");
        assertNotEquals(btc1m.key(), eth1m.key(), "a different source changes every key above it");
        assertNotEquals(only(btc1m.children()).key(), only(eth1m.children()).key());
        assertNotEquals(only(only(btc1m.children()).children()).key(), only(only(eth1m.children()).children()).key());
    }

    /** Explicit default params (the defaults each definition fills in) give the same feature as leaving them out. */
    @Test
    void explicitDefaultParamsGiveTheSameKeyAsNone() {
        String implicit = """
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                  - feature_definition: l2_book.l2_snapshot_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {}}
                  - feature_definition: tvi.trade_volume_imb_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                  - feature_definition: synthetic.synthetic_sine_mid_price
                    params:
                      data_source: [{amplitude: 1, mean: 2, freq: 0.5}]
                  - feature_definition: transforms.diff
                    deps: [0]
                """;
        String explicit = """
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {window: 1m}, 1: {}, 2: {depth: 25, sampling: raw}}
                  - feature_definition: l2_book.l2_snapshot_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {depth: 25.0, sampling: raw}}
                  - feature_definition: tvi.trade_volume_imb_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {window: 1m, sampling: raw}}
                  - feature_definition: synthetic.synthetic_sine_mid_price
                    params:
                      data_source: [{amplitude: 1.0, mean: 2, freq: 0.5, step: 1}]
                  - feature_definition: transforms.diff
                    params: {window: 1m}
                    deps: [0]
                """;
        List<Feature> a = parse(implicit).features();
        List<Feature> b = parse(explicit).features();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).key(), b.get(i).key(), "feature_configs[" + i + "] " + a.get(i).definition().name());
            assertEquals(a.get(i).name(), b.get(i).name());
        }
    }

    /**
     * The same for {@code dep_schema}: each built-in reads its default input when {@code dep_schema} is left out,
     * so writing that default must give the same feature (and share its node), not a twin with another key.
     */
    @Test
    void explicitDefaultDepSchemaGivesTheSameKeyAsNone() {
        String template = """
                feature_configs:
                  - feature_definition: %s
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {%s}}
                """;
        String[][] cases = {
                {"price.mid_price_fd", "dep_schema: l2_book"},
                {"spread.relative_bid_ask_spread_fd", "dep_schema: l2_book"},
                {"l2_book.l2_snapshot_fd", "dep_schema: l2_book"},
                {"volatility.volatility_stddev_fd", "dep_schema: mid_price"},
                {"tvi.trade_volume_imb_fd", "dep_schema: trades"},
                {"ohlcv.ohlcv_fd", "dep_schema: trades"},
        };
        List<String> differing = new ArrayList<>();
        for (String[] k : cases) {
            Feature none = only(parse(template.formatted(k[0], "")).features());
            Feature explicit = only(parse(template.formatted(k[0], k[1])).features());
            if (!none.key().equals(explicit.key())) {
                differing.add(k[0] + " {" + k[1] + "}: " + explicit.params() + " vs " + none.params());
            }
        }
        assertEquals(List.of(), differing, "explicit default dep_schema gives a different feature key");
    }

    @Test
    void namesDefaultToDefinitionAndKeyPrefix() {
        FeaturizerConfig c = parse(VOL_AND_SPREAD);
        Feature vol = c.features().get(0);
        assertFalse(vol.hasUserName());
        assertEquals("feature_VolatilityStddevFD_" + vol.key().substring(0, 8), vol.name());
        Feature diff = c.features().get(2);
        assertEquals("feature_Diff_" + diff.key().substring(0, 8), diff.name());
        assertEquals(List.of("feature_Diff_" + diff.key().substring(0, 8) + "-diff"), diff.columnNames());
        assertSame(vol, c.feature(vol.name()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.feature("nope"));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains(vol.name()), e.getMessage());
    }

    @Test
    void oneFeatureUnderTwoNamesIsNotSilentlyRenamed() {
        // Two entries that build the identical feature under different names. Either this is refused, or the
        // second entry's feature carries the second name; silently answering to the first name is wrong
        // (config.feature("b") would then fail although the config defines 'b').
        String yaml = """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: a
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                  - feature_definition: price.mid_price_fd
                    name: b
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                """;
        FeaturizerConfig c;
        try {
            c = parse(yaml);
        } catch (ConfigException e) {
            assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'b'"), e.getMessage());
            return;
        }
        assertEquals("a", c.features().get(0).name());
        assertEquals("b", c.features().get(1).name());
        assertEquals(c.features().get(0).key(), c.features().get(1).key());
    }

    // ---------------------------------------------------------------- params forms

    @Test
    void featureParamsAsListMapOrLegacyKeysAreEquivalent() {
        FeaturizerConfig map = FeaturizerConfig.load(resource("params-feature-map.yaml"));
        FeaturizerConfig list = FeaturizerConfig.load(resource("params-feature-list.yaml"));
        FeaturizerConfig legacy = FeaturizerConfig.load(resource("params-legacy-keys.yaml"));
        assertEquals(3, map.features().size());
        for (int i = 0; i < 3; i++) {
            Feature m = map.features().get(i);
            assertEquals(m.key(), list.features().get(i).key(), "list form, feature_configs[" + i + "]");
            assertEquals(m.key(), legacy.features().get(i).key(), "data_params/feature_params, feature_configs[" + i + "]");
        }
        Feature vol = map.features().get(0);
        assertEquals(Map.of("window", "30s"), own(vol));
        assertEquals(Map.of("dep_schema", "ticker"), own(only(vol.children())));
        // no params at depth 0 (map: no key 0; list: ~ at index 0): the volatility keeps its default window
        Feature skipped = map.features().get(1);
        assertEquals(Map.of("window", "1m"), own(skipped));
        assertEquals(only(vol.children()).key(), only(skipped.children()).key());
        // a single data_source mapping is the one data source
        Feature single = map.features().get(2);
        assertEquals(Map.of("dep_schema", "ticker"), own(single));
        assertEquals(venue("ETH-USDT"), own(only(single.children())));
    }

    @Test
    void dataSourceAsASingleMapping() {
        FeaturizerConfig c = parse("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source: {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                      feature: [{dep_schema: ticker}]
                """);
        Feature ticker = only(only(c.features()).children());
        assertEquals(venue(), own(ticker));
        assertEquals(List.of(venue()), c.featureConfigs().get(0).dataSourceParams());
    }

    @Test
    void depthsBelowTheRootTakeTheirOwnParams() {
        // depth 0 volatility, depth 1 mid price, depth 2 L2 snapshot, depth 3 the l2_book source
        Feature vol = only(parse("""
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature:
                        0: {window: 10s}
                        2: {depth: 5, sampling: 1s}
                """).features());
        assertEquals(Map.of("window", "10s"), own(vol));
        Feature mid = only(vol.children());
        assertTrue(own(mid).isEmpty());
        Feature snap = only(mid.children());
        assertEquals(Map.of("depth", 5L, "sampling", "1s"), own(snap));
        assertEquals("l2_book", only(snap.children()).definition().name());
    }

    @Test
    void shortDefinitionNamesResolve() {
        Feature f = only(parse("""
                feature_configs:
                  - feature_definition: mid_price_fd
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                """).features());
        assertEquals("price.mid_price_fd", f.definition().name());
    }

    @Test
    void labelAndStoredFeaturesByName() {
        FeaturizerConfig c = parse("""
                label_feature: v
                label_lookahead: 1.5s
                features_to_store: [d, 0]
                feature_configs:
                  - feature_definition: volatility.volatility_stddev_fd
                    name: v
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                  - feature_definition: transforms.diff
                    name: d
                    deps: [v]
                """);
        assertEquals(0, c.labelFeature());
        assertEquals(1_500_000_000L, c.labelLookaheadNanos());
        assertEquals(List.of(1, 0), c.featuresToStore());
    }

    @Test
    void dateForms() {
        String tmpl = """
                start_date: %s
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                """;
        long tenAm = (FEB_1_2023 + 10 * 3600) * NS;
        assertEquals(tenAm, parse(tmpl.formatted("'2023-02-01 10:00:00'")).startNanos());
        assertEquals(tenAm, parse(tmpl.formatted("2023-02-01 10:00:00")).startNanos(), "an unquoted YAML timestamp");
        assertEquals(tenAm, parse(tmpl.formatted("'2023-02-01T10:00:00'")).startNanos());
        assertEquals(tenAm, parse(tmpl.formatted("'2023-02-01T10:00:00Z'")).startNanos());
        assertEquals(tenAm, parse(tmpl.formatted("'2023-02-01T11:00:00+01:00'")).startNanos());
        assertEquals(tenAm + 250_000_000L, parse(tmpl.formatted("'2023-02-01 10:00:00.25'")).startNanos());
        assertEquals(FEB_1_2023 * NS, parse(tmpl.formatted("'2023-02-01'")).startNanos());
        assertEquals(FEB_1_2023 * NS, parse(tmpl.formatted("2023-02-01")).startNanos());
        assertNull(parse(tmpl.formatted("~")).startNanos());
    }

    @Test
    void orderingAndOutputSections() {
        FeaturizerConfig c = parse("""
                ordering:
                  time: exchange
                  allowed_lateness: 250ms
                  idle_timeout: 2s
                  late_events: process
                output:
                  sample_every: 1s
                  emit_with_missing: true
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                """);
        assertEquals(new OrderingConfig(TimeField.EXCHANGE, 250_000_000L, 2 * NS, LateEventPolicy.PROCESS, NS, true), c.ordering());
        FeaturizerConfig zero = parse("""
                ordering: {allowed_lateness: 0}
                feature_configs:
                  - feature_definition: ticker
                    params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
                """);
        assertEquals(0, zero.ordering().allowedLatenessNanos());
        assertEquals(TimeField.RECEIPT, zero.ordering().timeField());
    }

    @Test
    void loadReadsAFileAndNamesIt() throws Exception {
        Path p = resource("params-feature-map.yaml");
        FeaturizerConfig fromFile = FeaturizerConfig.load(p);
        FeaturizerConfig fromText = FeaturizerConfig.parse(Files.readString(p), "x");
        assertEquals(p.toString(), fromFile.source());
        assertEquals("x", fromText.source());
        assertEquals(fromFile.features(), fromText.features());
        assertEquals(fromFile.featureConfigs(), fromText.featureConfigs());
    }

    @Test
    void everyExampleLoads() throws Exception {
        List<String> files;
        try (var s = Files.list(examplesDir())) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).sorted().toList();
        }
        assertTrue(files.containsAll(List.of("demo.yaml", "design-section9.yaml", "svoe-feature-label-set.yaml",
                "svoe-synthetic-sine.yaml", "svoe-volatility-mid-ticker.yaml")), files.toString());
        for (String f : files) {
            try {
                FeaturizerConfig c = example(f);
                assertFalse(c.features().isEmpty(), f);
            } catch (ConfigException e) {
                fail(f + " does not load: " + e.getMessage());
            }
        }
    }
}
