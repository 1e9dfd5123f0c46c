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
import static io.featurizer.core.definitions.bars.BarInputs.SEC;
import static io.featurizer.core.definitions.bars.BarInputs.assertBars;
import static io.featurizer.core.definitions.bars.BarInputs.bars;
import static io.featurizer.core.definitions.bars.BarInputs.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** bars.time: the bars of ohlcv.ohlcv_fd (one mechanism), checked against a plain bucket-by-bucket grouping. */
class TimeBarsTest {
    /** Buckets [k·w, (k+1)·w): a bar per non-empty bucket, timed at its end, emitted by the first trade of a later one. */
    static List<ExpectedBar> naive(List<Trade> trades, long w) {
        List<ExpectedBar> out = new ArrayList<>();
        NaiveBar bar = new NaiveBar();
        long open = Long.MIN_VALUE;
        for (Trade t : trades) {
            long bucket = Math.floorDiv(t.ts(), w);
            if (bar.trades > 0 && bucket > open) {
                out.add(bar.close((open + 1) * w, t.receiptTs()));
            }
            open = bucket;
            bar.add(t);
        }
        return out;
    }

    @Test
    void aBarPerBucketTimedAtItsEnd() {
        long w = 10 * SEC;
        long start = Math.floorDiv(BASE, w) * w;
        List<Trade> trades = List.of(trade(start, 10, 1, true), trade(start + w - 1, 12, 1, false), trade(start + w, 11, 2, true),
                trade(start + 3 * w, 9, 0, true)); // the bucket at 2w is empty: no bar
        List<Event> out = FeatureTestHarness.of(bars("bars.time", Map.of("window", "10s"))).pushAll(trades);
        assertBars(List.of(new ExpectedBar(start + w, start + w + BarInputs.LAG, 10, 12, 10, 12, 2, 11, 2),
                new ExpectedBar(start + 2 * w, start + 3 * w + BarInputs.LAG, 11, 11, 11, 11, 2, 11, 1)), out, "10 s bars");
        assertEquals(10 * SEC, ((FeatureDefinition) bars("bars.time", Map.of("window", "10s")).definition())
                .lookbackNanos(bars("bars.time", Map.of("window", "10s")).params()));
    }

    @Property(tries = 200)
    void timeBarsEqualTheBucketGroupingAndTheOhlcvBars(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        List<Trade> trades = BarInputs.randomTrades(new SplittableRandom(seed), n);
        Feature time = bars("bars.time", Map.of("window", "100ms"));
        List<Event> out = FeatureTestHarness.of(time).pushAll(trades);
        assertBars(naive(trades, 100_000_000L), out, "100 ms bars");
        List<Event> ohlcv = FeatureTestHarness.of(bars("ohlcv.ohlcv_fd", Map.of("window", "100ms"))).pushAll(trades);
        assertEquals(ohlcv.size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(ohlcv.get(i).ts(), out.get(i).ts(), "bar " + i);
            assertEquals(ohlcv.get(i).receiptTs(), out.get(i).receiptTs(), "bar " + i);
            for (int field = 0; field < BarSchema.BARS.size(); field++) { // the same layout under another schema name
                assertEquals(ohlcv.get(i).getDouble(field), out.get(i).getDouble(field), 0, "bar " + i + ", field " + field);
            }
        }
    }
}
