package io.featurizer.core.definitions.bars;

import io.featurizer.core.definitions.bars.BarInputs.ExpectedBar;
import io.featurizer.core.definitions.bars.BarInputs.NaiveBar;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.bars.BarInputs.BASE;
import static io.featurizer.core.definitions.bars.BarInputs.LAG;
import static io.featurizer.core.definitions.bars.BarInputs.SEC;
import static io.featurizer.core.definitions.bars.BarInputs.assertBars;
import static io.featurizer.core.definitions.bars.BarInputs.bars;
import static io.featurizer.core.definitions.bars.BarInputs.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tick, volume and dollar bars against bars worked by hand and against a plain trade-by-trade reference. */
class ThresholdBarsTest {
    private static List<Event> run(Feature f, List<Trade> trades) {
        return FeatureTestHarness.of(f).pushAll(trades);
    }

    private static ExpectedBar expected(long ts, double o, double h, double l, double c, double v, double vwap, long n) {
        return new ExpectedBar(ts, ts + LAG, o, h, l, c, v, vwap, n);
    }

    @Test
    void tickBarsCloseOnTheNthTradeTimedAtIt() {
        List<Trade> trades = List.of(trade(BASE, 100, 1, true), trade(BASE + SEC, 102, 2, false), trade(BASE + 2 * SEC, 99, 1, true),
                trade(BASE + 3 * SEC, 101, 0, true), trade(BASE + 4 * SEC, 101, 0, false), trade(BASE + 5 * SEC, 103, 1, true),
                trade(BASE + 6 * SEC, 104, 1, true)); // the open third bar: not emitted
        assertBars(List.of(
                expected(BASE + 2 * SEC, 100, 102, 99, 99, 4, (100 + 204 + 99) / 4.0, 3),
                expected(BASE + 5 * SEC, 101, 103, 101, 103, 1, 103, 3)), // the zero-amount trades count, add no volume
                run(bars("bars.tick", Map.of("ticks", 3)), trades), "3-trade bars");
    }

    @Test
    void aVolumeBarTakesTheWholeTradeThatCrossesTheThreshold() {
        List<Trade> trades = List.of(trade(BASE, 100, 2, true), trade(BASE + 1, 101, 2, true), trade(BASE + 2, 102, 4, false),
                trade(BASE + 3, 103, 5, true), trade(BASE + 4, 104, 0, true), trade(BASE + 5, 105, 0, true), trade(BASE + 6, 106, 4.5, true));
        assertBars(List.of(
                expected(BASE + 2, 100, 102, 100, 102, 8, (200 + 202 + 408) / 8.0, 3), // 8 >= 5: not split at 5
                expected(BASE + 3, 103, 103, 103, 103, 5, 103, 1)), // exactly the threshold closes: one trade
                run(bars("bars.volume", Map.of("volume", 5)), trades), "volume 5");
        // zero-volume trades join the open bar; the 4.5 after them stays open
    }

    @Test
    void dollarBarsCloseAtTheNotionalThresholdInclusive() {
        List<Trade> trades = List.of(trade(BASE, 100, 4, true), trade(BASE + SEC, 200, 3, false), trade(BASE + 2 * SEC, 50, 1, true),
                trade(BASE + 3 * SEC, 60, 20, true));
        assertBars(List.of(
                expected(BASE + SEC, 100, 200, 100, 200, 7, 1000 / 7.0, 2), // 400 + 600 = 1000 >= 1000
                expected(BASE + 3 * SEC, 50, 60, 50, 60, 21, (50 + 1200) / 21.0, 2)),
                run(bars("bars.dollar", Map.of("notional", 1000)), trades), "notional 1000");
    }

    @Test
    void tradesAtOneTimeSplitAcrossBarsByArrival() {
        List<Trade> trades = List.of(trade(BASE, 10, 1, true), trade(BASE, 11, 1, true), trade(BASE, 12, 1, true), trade(BASE, 13, 1, true));
        assertBars(List.of(expected(BASE, 10, 11, 10, 11, 2, 10.5, 2), expected(BASE, 12, 13, 12, 13, 2, 12.5, 2)),
                run(bars("bars.tick", Map.of("ticks", 2)), trades), "ties");
    }

    @Test
    void aThresholdAboveAllTheDataEmitsNothing() {
        List<Trade> trades = BarInputs.randomTrades(new SplittableRandom(3), 50);
        assertEquals(List.of(), run(bars("bars.tick", Map.of("ticks", 51)), trades));
        assertEquals(List.of(), run(bars("bars.volume", Map.of("volume", 1e9)), trades));
        assertEquals(List.of(), run(bars("bars.dollar", Map.of("notional", 1e12)), trades));
    }

    @Test
    void zeroVolumeBarsHaveTheirCloseAsVwap() {
        List<Trade> trades = List.of(trade(BASE, 10, 0, true), trade(BASE + 1, 12, 0, true));
        assertBars(List.of(expected(BASE + 1, 10, 12, 10, 12, 0, 12, 2)), run(bars("bars.tick", Map.of("ticks", 2)), trades), "zero volume");
    }

    @Test
    void thresholdBarsDependOnTheWholeHistory() {
        for (Feature f : List.of(bars("bars.tick", Map.of()), bars("bars.volume", Map.of("volume", 1)), bars("bars.dollar", Map.of("notional", 1)),
                bars("bars.tick_imbalance", Map.of()))) {
            assertEquals(FeatureDefinition.WHOLE_HISTORY, ((FeatureDefinition) f.definition()).lookbackNanos(f.params()), f.toString());
        }
    }

    @Test
    void badParamsAreRefusedWithWhatWasExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bars("bars.volume", Map.of())).getMessage().contains("volume"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bars("bars.tick", Map.of("ticks", 0))).getMessage().contains(">= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bars("bars.dollar", Map.of("notional", -5))).getMessage().contains("> 0"));
        String typo = assertThrows(IllegalArgumentException.class, () -> bars("bars.volume", Map.of("volum", 3))).getMessage();
        assertTrue(typo.contains("did you mean 'volume'"), typo);
        String sign = assertThrows(IllegalArgumentException.class, () -> bars("bars.tick_imbalance", Map.of("sign", "tick"))).getMessage();
        assertTrue(sign.contains("tick_rule"), sign);
    }

    /** The plain reference: trades folded one by one; {@code kind} 0 tick, 1 volume, 2 dollar. */
    static List<ExpectedBar> naive(List<Trade> trades, int kind, double threshold) {
        List<ExpectedBar> out = new ArrayList<>();
        NaiveBar bar = new NaiveBar();
        for (Trade t : trades) {
            bar.add(t);
            double progress = kind == 0 ? bar.trades : kind == 1 ? bar.volume : bar.notional;
            if (progress >= threshold) {
                out.add(bar.close(t));
            }
        }
        return out;
    }

    @Property(tries = 240)
    void thresholdBarsEqualThePlainFoldAndRestoreAnywhere(@ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 1, max = 400) int n,
                                                          @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Trade> trades = BarInputs.randomTrades(r, n);
        double threshold = kind == 0 ? 1 + r.nextInt(12) : kind == 1 ? 0.5 + r.nextInt(40) / 4.0 : 100 + r.nextInt(2000);
        Feature f = kind == 0 ? bars("bars.tick", Map.of("ticks", (int) threshold))
                : kind == 1 ? bars("bars.volume", Map.of("volume", threshold)) : bars("bars.dollar", Map.of("notional", threshold));
        List<ExpectedBar> expected = naive(trades, kind, threshold);
        assertBars(expected, run(f, trades), f.definition().name() + " " + threshold);
        assertRestoreMatches(f, trades, r.nextInt(n + 1));
    }

    /** Snapshot after {@code cut} trades, restore, continue: the same outputs as never stopping. */
    static void assertRestoreMatches(Feature f, List<Trade> trades, int cut) {
        FeatureTestHarness original = FeatureTestHarness.of(f);
        original.pushAll(trades.subList(0, cut));
        FeatureTestHarness restored = original.restoredCopy();
        List<Event> expected = original.pushAll(trades.subList(cut, trades.size()));
        List<Event> actual = restored.pushAll(trades.subList(cut, trades.size()));
        assertEquals(expected, actual, "restored at trade " + cut);
    }
}
