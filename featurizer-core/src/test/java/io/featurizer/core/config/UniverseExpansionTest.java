package io.featurizer.core.config;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3-symbol universe with {@code for_each} gives the features of three configs written by hand, one per
 * symbol: the same names, the same keys, and the same outputs on the same input (each symbol its own
 * synthetic market, merged in time order).
 */
class UniverseExpansionTest {
    static final List<String> SYMBOLS = List.of("BTC-USDT", "ETH-USDT", "SOL-USDT");

    static final String UNIVERSE = """
            universe:
              exchange: BINANCE
              instrument_type: spot
              symbols: [BTC-USDT, ETH-USDT, SOL-USDT]
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                for_each: universe
                params: {feature: {1: {depth: 5}}}
              - feature_definition: volatility.volatility_stddev_fd
                name: vol
                for_each: universe
                params: {feature: {0: {window: 10s}}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                for_each: universe
                params: {window: 10s}
              - feature_definition: transforms.diff
                name: mid_diff
                for_each: universe
                deps: [mid]
                params: {window: 5s}
            """;

    /** The config a user writes by hand for one symbol, named as the universe names its instances. */
    static String handWritten(String symbol) {
        String ds = "{exchange: BINANCE, instrument_type: spot, symbol: " + symbol + "}";
        return """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid.%1$s
                    params: {data_source: [%2$s], feature: {1: {depth: 5}}}
                  - feature_definition: volatility.volatility_stddev_fd
                    name: vol.%1$s
                    params: {data_source: [%2$s], feature: {0: {window: 10s}}}
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi.%1$s
                    params: {data_source: [%2$s], feature: {0: {window: 10s}}}
                  - feature_definition: transforms.diff
                    name: mid_diff.%1$s
                    deps: [mid.%1$s]
                    params: {window: 5s}
                """.formatted(symbol, ds);
    }

    @Test
    void namesAndKeysEqualOneHandWrittenConfigPerSymbol() {
        FeaturizerConfig u = FeaturizerConfig.parse(UNIVERSE, "universe.yaml");
        assertEquals(12, u.features().size());
        for (int s = 0; s < SYMBOLS.size(); s++) {
            FeaturizerConfig one = FeaturizerConfig.parse(handWritten(SYMBOLS.get(s)), SYMBOLS.get(s) + ".yaml");
            for (int f = 0; f < 4; f++) {
                Feature expanded = u.features().get(f * 3 + s); // entries in order, each expanded in symbol order
                Feature byHand = one.features().get(f);
                assertEquals(byHand.name(), expanded.name());
                assertEquals(byHand.key(), expanded.key(), byHand.name());
            }
        }
        assertEquals(List.of("mid.BTC-USDT", "mid.ETH-USDT", "mid.SOL-USDT"), u.features().subList(0, 3).stream().map(Feature::name).toList());
        assertEquals(List.of(new Universe("universe", "BINANCE", "spot", SYMBOLS)), u.universes());
    }

    @Test
    void outputsEqualThreeHandWrittenConfigs() {
        List<Tick> tape = tape(20_000);
        FeaturizerConfig u = FeaturizerConfig.parse(UNIVERSE, "universe.yaml");
        Map<String, List<Event>> fromUniverse = run(u.features(), tape);
        Map<String, List<Event>> byHand = new LinkedHashMap<>();
        for (String symbol : SYMBOLS) {
            byHand.putAll(run(FeaturizerConfig.parse(handWritten(symbol), symbol + ".yaml").features(), tape));
        }
        assertEquals(byHand.keySet().stream().sorted().toList(), fromUniverse.keySet().stream().sorted().toList());
        for (String name : byHand.keySet()) {
            assertTrue(byHand.get(name).size() > 10, name + " has outputs");
            assertEquals(byHand.get(name), fromUniverse.get(name), name);
        }
    }

    @Test
    void combinedVectorsEqualOneHandWrittenConfigOfAllSymbols() {
        List<Tick> tape = tape(10_000);
        StringBuilder all = new StringBuilder("feature_configs:\n");
        for (String symbol : SYMBOLS) {
            all.append(handWritten(symbol).substring("feature_configs:\n".length()));
        }
        List<String> byHand = combined(FeaturizerConfig.parse(all.toString(), "all.yaml"), tape);
        List<String> fromUniverse = combined(FeaturizerConfig.parse(UNIVERSE, "universe.yaml"), tape);
        assertTrue(byHand.size() > 100);
        // the same features in another column order: compare each vector as name -> value, sorted
        assertEquals(byHand, fromUniverse);
    }

    /** One input: the symbol's market event (a copy) on its channel. */
    record Tick(String symbol, SyntheticMarket.Channel channel, Event event) {
    }

    /** Each symbol its own seeded market (different prices and timing), merged by time. */
    static List<Tick> tape(int n) {
        List<SyntheticMarket> markets = new ArrayList<>();
        for (int s = 0; s < SYMBOLS.size(); s++) {
            SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(40 + s).withRates(300, 80, 0));
            m.next();
            markets.add(m);
        }
        List<Tick> out = new ArrayList<>();
        while (out.size() < n) {
            int best = 0;
            for (int s = 1; s < markets.size(); s++) {
                if (markets.get(s).event().receiptTs() < markets.get(best).event().receiptTs()) {
                    best = s;
                }
            }
            SyntheticMarket m = markets.get(best);
            out.add(new Tick(SYMBOLS.get(best), m.channel(), m.event().copy()));
            m.next();
        }
        return out;
    }

    static void feed(FeatureStreamGraph g, List<Tick> tape) {
        List<Feature> ins = g.getIns();
        for (Tick t : tape) {
            for (int i = 0; i < ins.size(); i++) {
                Feature in = ins.get(i);
                String channel = ((DataSourceDefinition) in.definition()).channel();
                boolean sameChannel = switch (t.channel()) {
                    case L2_BOOK -> channel.equals("l2_book");
                    case TRADES -> channel.equals("trades");
                    case TICKER -> channel.equals("ticker");
                };
                if (sameChannel && in.params().getString(DataSourceDefinition.SYMBOL, "").equals(t.symbol())) {
                    g.emit(i, t.event());
                }
            }
        }
    }

    static Map<String, List<Event>> run(List<Feature> features, List<Tick> tape) {
        FeatureStreamGraph g = new FeatureStreamGraph(features, false, null);
        Map<String, List<Event>> out = new LinkedHashMap<>();
        for (Feature f : features) {
            List<Event> list = new ArrayList<>();
            out.put(f.name(), list);
            g.setCallback(f, (feature, e) -> list.add(e.copy()));
        }
        feed(g, tape);
        return out;
    }

    static List<String> combined(FeaturizerConfig c, List<Tick> tape) {
        List<String> out = new ArrayList<>();
        FeatureStreamGraph g = new FeatureStreamGraph(c, true, v -> {
            java.util.TreeMap<String, String> row = new java.util.TreeMap<>();
            for (int i = 0; i < v.size(); i++) {
                row.put(v.feature(i).name(), String.valueOf(v.event(i)));
            }
            out.add(v.ts() + " " + v.receiptTs() + " " + row);
        });
        feed(g, tape);
        return out;
    }
}
