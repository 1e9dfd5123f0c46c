package io.featurizer.core.stream;

import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.Params;
import io.featurizer.core.testing.FeatureTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny test-only feature definitions built from Pipeline stages, and helpers to drive them. */
final class ToolkitFixtures {
    private ToolkitFixtures() {
    }

    static final Feature TRADES = Features.trades("X", "spot", "A-B");
    static final Feature TICKER = Features.ticker("X", "spot", "A-B");

    /** A definition whose operator is {@code p.output(body(p))}. */
    static final class PipelineDef extends FeatureDefinition {
        private final String name;
        private final Schema schema;
        private final List<String> deps;
        private final Function<Pipeline, EventStream> body;

        PipelineDef(String name, Schema schema, List<String> deps, Function<Pipeline, EventStream> body) {
            this.name = name;
            this.schema = schema;
            this.deps = deps;
            this.body = body;
        }

        @Override
        public String name() {
            return "test." + name;
        }

        @Override
        public Schema schema(Params params) {
            return schema;
        }

        @Override
        public List<String> dependencies(Params params) {
            return deps;
        }

        @Override
        public FeatureOperator createOperator(OperatorContext ctx) {
            Pipeline p = new Pipeline(ctx);
            return p.output(body.apply(p));
        }
    }

    /** A feature over one trades input. */
    static Feature overTrades(String name, Schema schema, Function<Pipeline, EventStream> body) {
        return Feature.of(new PipelineDef(name, schema, List.of("trades"), body), Params.EMPTY, List.of(TRADES));
    }

    /** A feature over a trades input (0) and a ticker input (1). */
    static Feature overTradesAndTicker(String name, Schema schema, Function<Pipeline, EventStream> body) {
        return Feature.of(new PipelineDef(name, schema, List.of("trades", "ticker"), body), Params.EMPTY, List.of(TRADES, TICKER));
    }

    /** One input event for a harness. */
    record In(int input, Event event) {
    }

    static List<In> onInput0(List<? extends Event> events) {
        List<In> out = new ArrayList<>();
        for (Event e : events) {
            out.add(new In(0, e));
        }
        return out;
    }

    static List<Event> run(FeatureTestHarness h, List<In> ins) {
        List<Event> out = new ArrayList<>();
        for (In in : ins) {
            out.addAll(h.push(in.input(), in.event()));
        }
        return out;
    }

    static Trade trade(long ts, int side, double price, double amount, long id) {
        return new Trade().set(ts, ts + 1_000, side, price, amount, id);
    }

    static Quote quote(long ts, double bid, double bidSize, double ask, double askSize) {
        return new Quote().set(ts, ts + 2_000, bid, bidSize, ask, askSize);
    }

    /**
     * Random trades with non-decreasing ts (gaps drawn from {@code gaps}), prices on a coarse grid (so
     * repeats happen) and amounts that are multiples of 2^-10 (so any summation order is exact).
     */
    static List<Trade> randomTrades(long seed, int n, long startTs, long[] gaps) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Trade> out = new ArrayList<>(n);
        long ts = startTs;
        for (int i = 0; i < n; i++) {
            ts += gaps[r.nextInt(gaps.length)];
            int side = r.nextBoolean() ? Side.BUY : Side.SELL;
            double price = 100 + r.nextInt(6) * 0.5;
            double amount = (1 + r.nextInt(4096)) / 1024.0;
            out.add(new Trade().set(ts, ts + 1_000 + r.nextInt(500), side, price, amount, i + 1));
        }
        return out;
    }

    /**
     * Snapshot/restore at each cut: a harness fed the first {@code cut} inputs is copied with
     * restoredCopy(); feeding both the rest must give identical outputs (ts and values bit for bit),
     * equal to the tail of one uninterrupted run.
     */
    static void assertRestoreAnywhere(Feature f, List<In> ins, int... cuts) {
        List<Event> uninterrupted = run(FeatureTestHarness.of(f), ins);
        assertTrue(!uninterrupted.isEmpty(), "the scenario must produce outputs");
        for (int cut : cuts) {
            FeatureTestHarness original = FeatureTestHarness.of(f);
            run(original, ins.subList(0, cut));
            int before = original.outputs().size();
            FeatureTestHarness restored = original.restoredCopy();
            assertArrayEquals(original.snapshot(), restored.snapshot(), "cut " + cut + ": a restored copy snapshots to the same bytes");
            List<In> rest = ins.subList(cut, ins.size());
            List<Event> fromRestored = run(restored, rest);
            List<Event> fromOriginal = run(original, rest);
            assertEquals(fromOriginal, fromRestored, "cut " + cut + ": restored copy diverges");
            assertEquals(uninterrupted.subList(before, uninterrupted.size()), fromRestored, "cut " + cut + ": differs from an uninterrupted run");
        }
    }
}
