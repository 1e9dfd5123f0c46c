package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.Params;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A diamond: trades (A) feed B = price + 1 and C = 2·price; D reads B and C. D must fire once per
 * trade, and only with B and C both computed from that trade (never B new with C old).
 */
class DiamondTest {
    static final Schema VALUE = Schema.ofDoubles("value", "value");
    static final Schema PAIR = Schema.ofDoubles("pair", "b", "c");

    /** One input, one output: f(price or value). */
    static final class Map1 extends FeatureDefinition {
        final String name;
        final DoubleUnaryOperator f;

        Map1(String name, DoubleUnaryOperator f) {
            this.name = name;
            this.f = f;
        }

        @Override
        public String name() {
            return "test." + name;
        }

        @Override
        public Schema schema(Params params) {
            return VALUE;
        }

        @Override
        public List<String> dependencies(Params params) {
            return List.of("trades");
        }

        @Override
        public FeatureOperator createOperator(OperatorContext ctx) {
            FeatureEvent out = ctx.newOutput();
            return (input, e, emitter) -> {
                out.setTimes(e.ts(), e.receiptTs());
                out.set(0, f.applyAsDouble(((Trade) e).price()));
                emitter.emit(out);
            };
        }
    }

    /** Two inputs; emits its latest (b, c) on every input once both have a value. */
    static final class Join extends FeatureDefinition {
        @Override
        public String name() {
            return "test.join";
        }

        @Override
        public Schema schema(Params params) {
            return PAIR;
        }

        @Override
        public List<String> dependencies(Params params) {
            return List.of("test.b", "test.c");
        }

        @Override
        public FeatureOperator createOperator(OperatorContext ctx) {
            FeatureEvent out = ctx.newOutput();
            double[] latest = {Double.NaN, Double.NaN};
            return new FeatureOperator() {
                @Override
                public void onEvent(int input, Event e, Emitter emitter) {
                    latest[input] = e.getDouble(0);
                    if (!Double.isNaN(latest[0]) && !Double.isNaN(latest[1])) {
                        out.setTimes(e.ts(), e.receiptTs());
                        out.set(0, latest[0]).set(1, latest[1]);
                        emitter.emit(out);
                    }
                }
            };
        }
    }

    final Feature a = Features.trades("BINANCE", "spot", "BTC-USDT");
    final Feature b = Feature.of(new Map1("b", p -> p + 1), Params.EMPTY, List.of(a));
    final Feature c = Feature.of(new Map1("c", p -> 2 * p), Params.EMPTY, List.of(a));
    final Feature d = Feature.of(new Join(), Params.EMPTY, List.of(b, c));

    @Test
    void innerNodeFiresOncePerInputWithAllItsInputsUpdated() {
        List<double[]> fired = new ArrayList<>();
        List<Integer> firedAfterInput = new ArrayList<>();
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(d)).build();
        g.setCallback(d, (f, e) -> fired.add(new double[] {e.getDouble(0), e.getDouble(1)}));
        double[] prices = {100, 101, 99.5, 102};
        for (int i = 0; i < prices.length; i++) {
            g.emit(a, new Trade().set(i + 1, i + 1, Side.BUY, prices[i], 1, i));
            firedAfterInput.add(fired.size());
        }
        // by hand: one (p + 1, 2p) per trade
        assertEquals(List.of(1, 2, 3, 4), firedAfterInput, "D fires once per input");
        for (int i = 0; i < prices.length; i++) {
            assertEquals(prices[i] + 1, fired.get(i)[0], "b of trade " + i);
            assertEquals(2 * prices[i], fired.get(i)[1], "c of trade " + i + " (never C old with B new)");
        }
    }

    @Test
    void combinedVectorOfTheDiamondHasConsistentValues() {
        List<double[]> vectors = new ArrayList<>();
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(b, c, d))
                .combineOutputs(v -> vectors.add(new double[] {v.get(b).getDouble(0), v.get(c).getDouble(0), v.get(d).getDouble(0), v.get(d).getDouble(1)}))
                .build();
        g.emit(a, new Trade().set(1, 1, Side.SELL, 10, 1, 1));
        g.emit(a, new Trade().set(2, 2, Side.SELL, 20, 1, 2));
        assertEquals(2, vectors.size());
        assertEquals(List.of(11.0, 20.0, 11.0, 20.0), box(vectors.get(0)));
        assertEquals(List.of(21.0, 40.0, 21.0, 40.0), box(vectors.get(1)));
    }

    private static List<Double> box(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(x);
        }
        return out;
    }
}
