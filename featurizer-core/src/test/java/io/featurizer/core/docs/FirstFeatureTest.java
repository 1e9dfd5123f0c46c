package io.featurizer.core.docs;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.Features;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/writing-definitions.md "Your first feature": the code between the {@code doc:} markers is the page's code,
 * word for word (checked below), and it is compiled and run here.
 */
class FirstFeatureTest {
    // doc:definition
    /** {@code example.rolling_vwap}: volume-weighted average trade price over a sliding time window. */
    public static final class RollingVwapFD extends FeatureDefinition {
        static final Schema SCHEMA = Schema.ofDoubles("rolling_vwap", "vwap", "volume");
        static final Schema.DoubleField VWAP = SCHEMA.doubleField("vwap");
        static final Schema.DoubleField VOLUME = SCHEMA.doubleField("volume");

        static final ParamSpec WINDOW = ParamSpec.duration("window", "the sliding window; also the lookback").withDefault("1m");
        static final ParamSpec SIDE = ParamSpec.oneOf("side", "which trades count", "both", "buy", "sell").withDefault("both");

        @Override public String name() { return "example.rolling_vwap"; }
        @Override public List<ParamSpec> paramSpecs() { return List.of(WINDOW, SIDE); }
        @Override public Schema schema(Params params) { return SCHEMA; }
        @Override public List<String> dependencies(Params params) { return List.of("trades"); }
        @Override public long lookbackNanos(Params params) { return WINDOW.nanos(params); }

        @Override
        public FeatureOperator createOperator(OperatorContext ctx) {
            Pipeline p = new Pipeline(ctx);
            Windows window = Windows.slidingTime(WINDOW.nanos(ctx.params()));
            return p.output(p.input(0).window(window, SCHEMA, new Vwap(SIDE.string(ctx.params()))));
        }

        /** Exact Σ price·amount and Σ amount: invertible, so the window adds and removes in O(1). */
        static final class Vwap implements Aggregator<Vwap.Sums> {
            static final class Sums {
                final FixedPointSum notional = new FixedPointSum();
                final FixedPointSum volume = new FixedPointSum();
            }

            private final String side;

            Vwap(String side) { this.side = side; }

            @Override public int width() { return 2; } // an element: [price·amount, amount]

            @Override
            public boolean extract(Event event, double[] row, int off) {
                Trade t = (Trade) event;
                if (!side.equals("both") && t.isBuy() != side.equals("buy")) {
                    return false; // not an element of this window
                }
                row[off] = t.price() * t.amount();
                row[off + 1] = t.amount();
                return true;
            }

            @Override public Sums create() { return new Sums(); }
            @Override public void clear(Sums s) { s.notional.reset(); s.volume.reset(); }
            @Override public void update(Sums s, double[] row, int off) { s.notional.add(row[off]); s.volume.add(row[off + 1]); }
            @Override public boolean invertible() { return true; }
            @Override public void remove(Sums s, double[] row, int off) { s.notional.remove(row[off]); s.volume.remove(row[off + 1]); }
            @Override public void merge(Sums into, Sums later) { into.notional.add(later.notional); into.volume.add(later.volume); }

            @Override
            public boolean finish(Sums s, FeatureEvent out) {
                double volume = s.volume.value();
                if (volume == 0) {
                    return false; // nothing traded in the window: no value
                }
                VWAP.set(out, s.notional.value() / volume);
                VOLUME.set(out, volume);
                return true;
            }
        }
    }
    // doc:end

    static Trade trade(long seconds, int side, double price, double amount) {
        return new Trade().set(seconds * 1_000_000_000L, seconds * 1_000_000_000L + 5, side, price, amount, seconds);
    }

    @Test
    void theWalkThroughComputesWhatItSays() {
        // doc:test
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        Feature vwap = Feature.of(new RollingVwapFD(), Params.of(Map.of("window", "10s")), List.of(trades));
        FeatureTestHarness h = FeatureTestHarness.of(vwap);

        Event first = h.push(0, trade(0, Side.BUY, 100, 1)).get(0);
        assertEquals(100.0, RollingVwapFD.VWAP.get(first));
        Event second = h.push(0, trade(5, Side.SELL, 110, 3)).get(0);
        assertEquals((100 * 1 + 110 * 3) / 4.0, RollingVwapFD.VWAP.get(second));
        Event third = h.push(0, trade(12, Side.BUY, 90, 1)).get(0); // the trade at 0 s has left the 10 s window
        assertEquals((110 * 3 + 90 * 1) / 4.0, RollingVwapFD.VWAP.get(third));
        assertEquals(4.0, RollingVwapFD.VOLUME.get(third));

        FeatureTestHarness restored = h.restoredCopy(); // snapshot and restore come from the window: no code of ours
        assertEquals(h.push(0, trade(14, Side.SELL, 95, 2)), restored.push(0, trade(14, Side.SELL, 95, 2)));
        // doc:end
    }

    @Test
    void theDeclaredParamsAreCheckedWithSuggestions() {
        RollingVwapFD d = new RollingVwapFD();
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> d.validate(Params.of(Map.of("windw", "10s"))));
        assertTrue(typo.getMessage().contains("did you mean 'window'"), typo.getMessage());
        IllegalArgumentException side = assertThrows(IllegalArgumentException.class, () -> d.validate(Params.of(Map.of("side", "bye"))));
        assertTrue(side.getMessage().contains("buy"), side.getMessage());
        assertEquals(Map.of("window", "1m", "side", "both"), d.defaultParams(), "defaults, written once, go into the feature key");
    }

    @Test
    void thePageShowsThisCodeWordForWord() throws Exception {
        Path source = Path.of("src/test/java/io/featurizer/core/docs/FirstFeatureTest.java");
        String page = Files.readString(Path.of("../docs/writing-definitions.md"));
        for (String part : List.of("definition", "test")) {
            String code = between(Files.readString(source), "// doc:" + part + "\n", "// doc:end\n").stripIndent();
            assertTrue(page.contains(code), "docs/writing-definitions.md must show FirstFeatureTest's '" + part + "' code as it is:\n" + code);
        }
    }

    private static String between(String text, String from, String to) {
        int a = text.indexOf(from) + from.length();
        return text.substring(a, text.indexOf(to, a));
    }
}
