package io.featurizer.core.definitions.bars;

import io.featurizer.core.definitions.bars.BarInputs.ExpectedBar;
import io.featurizer.core.definitions.bars.BarInputs.NaiveBar;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
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
import static io.featurizer.core.definitions.bars.BarInputs.assertBars;
import static io.featurizer.core.definitions.bars.BarInputs.bars;
import static io.featurizer.core.definitions.bars.BarInputs.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tick imbalance bars (AFML 2.3.2.1) against a bar sequence worked by hand and a plain re-implementation. */
class TickImbalanceBarsTest {
    private static List<Trade> prices(double... p) {
        List<Trade> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            out.add(trade(BASE + i, p[i], 1, i % 2 == 0));
        }
        return out;
    }

    /**
     * initial_ticks 3, span 1 (alpha 1: the expectations are the last bar's). Signs by the tick rule:
     * 100 (0: no previous price), 101 (+1), 101 (+1, unchanged) closes the first bar: T 3, theta 2, so E[T] 3,
     * E[b] 2/3, threshold 3·2/3 = 2. Then 100 (−1), 99 (−1): |theta| 2 closes: T 2, E[b] −1, threshold 2·1 = 2.
     * Then 100 (+1), 99 (−1), 98 (−1), 97 (−1): theta 1, 0, −1, −2 closes at the fourth. 96 stays open.
     */
    @Test
    void handWorkedBars() {
        List<Event> out = FeatureTestHarness.of(bars("bars.tick_imbalance", Map.of("initial_ticks", 3, "span", 1)))
                .pushAll(prices(100, 101, 101, 100, 99, 100, 99, 98, 97, 96));
        assertEquals(3, out.size());
        assertEquals(List.of(3L, 2L, 4L), out.stream().map(BarSchema.NUM_TRADES::get).toList());
        assertEquals(BASE + 2, out.get(0).ts());
        assertEquals(BASE + 4, out.get(1).ts());
        assertEquals(BASE + 8, out.get(2).ts());
        assertEquals(100.0, BarSchema.OPEN.get(out.get(2)));
        assertEquals(97.0, BarSchema.CLOSE.get(out.get(2)));
        assertEquals(97.0, BarSchema.LOW.get(out.get(2)));
    }

    /** The taker side as the sign: buys +1, sells −1 (alternating here: theta never reaches 1 after an even count). */
    @Test
    void takerSideSigns() {
        // initial 2: buy, sell closes (theta 0): E[T] 2, E[b] 0, threshold max(1, 0) = 1; then every trade has |theta| 1
        List<Event> out = FeatureTestHarness.of(bars("bars.tick_imbalance", Map.of("initial_ticks", 2, "sign", "taker_side")))
                .pushAll(prices(10, 10, 10, 10, 10));
        assertEquals(List.of(2L, 1L, 1L, 1L), out.stream().map(BarSchema.NUM_TRADES::get).toList());
    }

    /** A plain re-implementation of the rule, bar by bar. */
    static List<ExpectedBar> naive(List<Trade> trades, int initial, int span, boolean tickRule) {
        double alpha = 2.0 / (span + 1);
        List<ExpectedBar> out = new ArrayList<>();
        NaiveBar bar = new NaiveBar();
        double last = Double.NaN;
        int sign = 0;
        long theta = 0;
        Double expectedT = null, expectedB = null;
        for (Trade t : trades) {
            int b;
            if (tickRule) {
                if (!Double.isNaN(last) && t.price() != last) {
                    sign = t.price() > last ? 1 : -1;
                }
                last = t.price();
                b = sign;
            } else {
                b = t.isBuy() ? 1 : -1;
            }
            bar.add(t);
            theta += b;
            boolean close = expectedT == null ? bar.trades == initial
                    : Math.abs(theta) >= Math.max(1, expectedT * Math.abs(expectedB));
            if (close) {
                long n = bar.trades;
                out.add(bar.close(t));
                if (expectedT == null) {
                    expectedT = (double) n;
                    expectedB = theta / (double) n;
                } else {
                    expectedT = expectedT + alpha * (n - expectedT);
                    expectedB = expectedB + alpha * (theta / (double) n - expectedB);
                }
                theta = 0;
            }
        }
        return out;
    }

    @Property(tries = 200)
    void equalsThePlainRuleAndRestoresAnywhere(@ForAll @IntRange(min = 1, max = 30) int initial, @ForAll @IntRange(min = 1, max = 10) int span,
                                               @ForAll boolean tickRule, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Trade> trades = BarInputs.randomTrades(r, 50 + r.nextInt(500));
        Feature f = bars("bars.tick_imbalance", Map.of("initial_ticks", initial, "span", span, "sign", tickRule ? "tick_rule" : "taker_side"));
        assertBars(naive(trades, initial, span, tickRule), FeatureTestHarness.of(f).pushAll(trades), f.params().toString());
        ThresholdBarsTest.assertRestoreMatches(f, trades, r.nextInt(trades.size() + 1));
    }
}
