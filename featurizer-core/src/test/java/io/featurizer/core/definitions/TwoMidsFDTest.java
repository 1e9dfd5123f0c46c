package io.featurizer.core.definitions;

import io.featurizer.core.config.ConfigException;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.CrossInputs.In;
import static io.featurizer.core.definitions.CrossInputs.mid;
import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.RECEIPT_LAG;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cross.basis and cross.cross_venue_spread: hand-computed values, when they emit, input checks, snapshots. */
class TwoMidsFDTest {
    static final Feature PERP = mid("BINANCE_FUTURES", "perpetual", "BTC-USDT");
    static final Feature SPOT = mid("BINANCE", "spot", "BTC-USDT");
    static final Feature OKX = mid("OKX", "spot", "BTC-USDT");
    static final Feature BASIS = Features.feature("cross.basis", Map.of(), PERP, SPOT);
    static final Feature SPREAD = Features.feature("cross.cross_venue_spread", Map.of(), SPOT, OKX);

    static Event in(long ts, double mid) {
        return TestEvents.scalar(MidPriceFD.SCHEMA, ts, mid);
    }

    @Test
    void basisInBasisPointsOfSpotOnEveryInputOnceBothHaveOne() {
        FeatureTestHarness h = FeatureTestHarness.of(BASIS);
        assertEquals(List.of(), h.push(0, in(BASE, 30_030))); // no spot yet
        List<Event> out = h.push(1, in(BASE + SEC, 30_000));
        assertEquals(1, out.size());
        assertEquals(10.0, out.get(0).getDouble(0), 1e-9); // 30 / 30 000 = 0.1 % = 10 bps
        assertEquals(BASE + SEC, out.get(0).ts());
        assertEquals(BASE + SEC + RECEIPT_LAG, out.get(0).receiptTs());
        assertEquals(-5.0, h.push(0, in(BASE + 2 * SEC, 29_985)).get(0).getDouble(0), 1e-9); // perp 15 below: −5 bps
        assertEquals(-10.0, h.push(1, in(BASE + 3 * SEC, 30_015.015015015015)).get(0).getDouble(0), 1e-6);
    }

    @Test
    void crossVenueSpreadInBasisPointsOfTheAverageFlipsWithTheVenues() {
        FeatureTestHarness h = FeatureTestHarness.of(SPREAD);
        h.push(0, in(BASE, 100.5));
        assertEquals(100.0, h.push(1, in(BASE + 1, 99.5)).get(0).getDouble(0), 1e-9); // 1 / 100 = 1 % = 100 bps
        FeatureTestHarness swapped = FeatureTestHarness.of(Features.feature("cross.cross_venue_spread", Map.of(), OKX, SPOT));
        swapped.push(1, in(BASE, 100.5));
        assertEquals(-100.0, swapped.push(0, in(BASE + 1, 99.5)).get(0).getDouble(0), 1e-9);
    }

    @Test
    void inputsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Features.feature("cross.basis", Map.of(), SPOT, PERP));
        assertTrue(e.getMessage().contains("the first data_source is the perpetual (or futures), got BINANCE spot BTC-USDT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Features.feature("cross.cross_venue_spread", Map.of(), SPOT, SPOT));
        assertTrue(e.getMessage().contains("both data sources are on BINANCE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Features.feature("cross.cross_venue_spread", Map.of(), SPOT,
                mid("OKX", "spot", "ETH-USDT")));
        assertTrue(e.getMessage().contains("the same instrument on two exchanges, but got BINANCE spot BTC-USDT and OKX spot ETH-USDT"), e.getMessage());
        ConfigException c = assertThrows(ConfigException.class, () -> FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: cross.basis
                    params:
                      data_source:
                        - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                        - {exchange: BINANCE_FUTURES, instrument_type: perpetual, symbol: BTC-USDT}
                """, "basis.yaml"));
        assertTrue(c.getMessage().startsWith("basis.yaml:4: feature_configs[0].params"), c.getMessage());
        assertTrue(c.getMessage().contains("the first data_source is the perpetual"), c.getMessage());
    }

    @Test
    void equalsTheFormulaOnRandomInputsAndAcrossASnapshot() {
        Random rnd = new Random(3);
        for (Feature f : List.of(BASIS, SPREAD)) {
            List<In> in = CrossInputs.randomInputs(rnd, 500, BASE, SEC);
            int cut = rnd.nextInt(in.size());
            FeatureTestHarness first = FeatureTestHarness.of(f);
            List<Event> out = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                out.addAll(first.push(in.get(i).input(), in.get(i).event()));
            }
            FeatureTestHarness rest = first.restoredCopy();
            for (int i = cut; i < in.size(); i++) {
                out.addAll(rest.push(in.get(i).input(), in.get(i).event()));
            }
            Double a = null;
            Double b = null;
            int o = 0;
            for (In i : in) {
                if (i.input() == 0) {
                    a = i.mid();
                } else {
                    b = i.mid();
                }
                if (a != null && b != null) {
                    double expected = f == BASIS ? 10_000 * (a - b) / b : 10_000 * (a - b) / ((a + b) / 2);
                    Event e = out.get(o++);
                    assertEquals(i.ts(), e.ts());
                    assertEquals(i.receiptTs(), e.receiptTs());
                    assertEquals(expected, e.getDouble(0), 1e-9);
                }
            }
            assertEquals(o, out.size());
        }
    }
}
