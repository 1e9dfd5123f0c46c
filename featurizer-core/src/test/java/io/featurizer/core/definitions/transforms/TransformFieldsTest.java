package io.featurizer.core.definitions.transforms;

import io.featurizer.core.definitions.bars.BarSchema;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.AggregatorLaws;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.featurizer.core.definitions.transforms.TransformInputs.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code field} param on multi-field features, and the aggregator laws of the windowed transforms. */
class TransformFieldsTest {
    private static final Feature BARS = Features.feature("bars.tick", Map.of("ticks", 5), Features.trades("BINANCE", "spot", "BTC-USDT"));

    private static FeatureEvent bar(long ts, double close, long trades) {
        FeatureEvent e = new FeatureEvent(BarSchema.BARS);
        e.setTimes(ts, ts);
        BarSchema.CLOSE.set(e, close);
        BarSchema.NUM_TRADES.set(e, trades);
        return e;
    }

    @Test
    void aFieldOfABarFeature() {
        FeatureTestHarness h = FeatureTestHarness.of(Features.feature("transforms.lag", Map.of("events", 1, "field", "close"), BARS));
        h.push(0, bar(BASE, 10, 5));
        assertEquals(10.0, h.push(0, bar(BASE + 1, 11, 5)).get(0).getDouble(0));
        FeatureTestHarness count = FeatureTestHarness.of(Features.feature("transforms.pct_change", Map.of("field", "num_trades"), BARS));
        count.push(0, bar(BASE, 10, 4));
        List<Event> out = count.push(0, bar(BASE + 1, 10, 5));
        assertEquals(0.25, out.get(0).getDouble(0), 0, "a long field reads as a number");
    }

    @Test
    void aMissingOrMistypedFieldIsAClearError() {
        String e = assertThrows(IllegalArgumentException.class, () -> Features.feature("transforms.zscore", Map.of(), BARS)).getMessage();
        assertTrue(e.contains("needs 'field'") && e.contains("close"), e);
        e = assertThrows(IllegalArgumentException.class, () -> Features.feature("transforms.zscore", Map.of("field", "clse"), BARS)).getMessage();
        assertTrue(e.contains("did you mean 'close'"), e);
        e = assertThrows(IllegalArgumentException.class, () -> Features.feature("transforms.minmax", Map.of("windw", "1s"), BARS)).getMessage();
        assertTrue(e.contains("did you mean 'window'"), e);
        assertThrows(IllegalArgumentException.class, () -> Features.feature("transforms.quantile", Map.of("q", 1.5, "field", "close"), BARS));
    }

    @Property(tries = 300)
    void windowedAggregatorsMergeAndRemoveExactly(@ForAll @IntRange(min = 0, max = 1) int which, @ForAll @IntRange(min = 0, max = 60) int n,
                                                  @ForAll long seed) {
        var field = TransformInputs.MID.schema().doubleField(TransformInputs.MID.schema().field(0).name());
        java.util.function.Function<java.util.SplittableRandom, Event> input = r -> {
            FeatureEvent e = new FeatureEvent(TransformInputs.MID.schema());
            e.set(0, r.nextInt(4) == 0 ? 7 : 20_000 + r.nextDouble() * 100);
            return e;
        };
        if (which == 0) {
            AggregatorLaws.check("zscore", new ZScoreFD.Moments(field), ZScoreFD.SCHEMA, input, n, seed);
        } else {
            AggregatorLaws.check("minmax", new MinMaxFD.Range(field), MinMaxFD.SCHEMA, input, n, seed);
        }
    }
}
