package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every kind of {@link Windows} with an invertible aggregator (exact sum and count) and a non-invertible one (max and
 * first/last, through the two stacks), on random trades and window sizes, against a naive reference that recomputes
 * each emitted window from the list of inputs by the rules documented on {@link Windows}; and a snapshot at a random
 * point, restored into a fresh operator, continues with the same outputs.
 */
class WindowsPropertyTest {
    static final Schema OUT = Schema.builder("w").addLong("count").addDouble("sum").addDouble("max").addDouble("first").addDouble("last").build();
    static final Schema.LongField COUNT = OUT.longField("count");
    static final Schema.DoubleField SUM = OUT.doubleField("sum"), MAX = OUT.doubleField("max"), FIRST = OUT.doubleField("first"), LAST = OUT.doubleField("last");

    /** The intermediate of both test aggregators. */
    static final class Acc {
        final FixedPointSum sum = new FixedPointSum();
        long count;
        double max = Double.NEGATIVE_INFINITY;
        double first;
        double last;
    }

    /** Count, exact sum, max, first and last amount; {@code invertible}: sum and count only are maintained by remove. */
    static final class Stats implements Aggregator<Acc> {
        private final boolean invertible;

        Stats(boolean invertible) {
            this.invertible = invertible;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            if (event.getLong(Trade.ID) % 7 == 0) {
                return false; // skipped inputs are not elements
            }
            row[off] = event.getDouble(Trade.AMOUNT);
            return true;
        }

        @Override
        public Acc create() {
            return new Acc();
        }

        @Override
        public void clear(Acc a) {
            a.sum.reset();
            a.count = 0;
            a.max = Double.NEGATIVE_INFINITY;
        }

        @Override
        public void update(Acc a, double[] row, int off) {
            double x = row[off];
            if (a.count == 0) {
                a.first = x;
            }
            a.last = x;
            a.sum.add(x);
            a.count++;
            a.max = Math.max(a.max, x);
        }

        @Override
        public void merge(Acc into, Acc later) {
            if (later.count == 0) {
                return;
            }
            if (into.count == 0) {
                into.first = later.first;
            }
            into.last = later.last;
            into.sum.add(later.sum);
            into.count += later.count;
            into.max = Math.max(into.max, later.max);
        }

        @Override
        public boolean invertible() {
            return invertible;
        }

        @Override
        public void remove(Acc a, double[] row, int off) {
            a.sum.remove(row[off]);
            a.count--;
        }

        @Override
        public boolean finish(Acc a, FeatureEvent out) {
            if (a.count == 0) {
                return false;
            }
            COUNT.set(out, a.count);
            SUM.set(out, a.sum.value());
            if (!invertible) {
                MAX.set(out, a.max);
                FIRST.set(out, a.first);
                LAST.set(out, a.last);
            }
            return true;
        }
    }

    /** One expected output: times and the window's elements. */
    record Expected(long ts, long receiptTs, List<Double> elements) {
    }

    /** The windows by their definitions, recomputed from the whole input list. */
    static List<Expected> reference(Windows w, List<Trade> in) {
        List<Expected> out = new ArrayList<>();
        List<long[]> times = new ArrayList<>(); // [ts] of accepted elements, in arrival order
        List<Double> values = new ArrayList<>();
        for (Trade t : in) {
            if (t.id() % 7 == 0) {
                continue;
            }
            switch (w.kind()) {
                case SLIDING_TIME -> {
                    times.add(new long[] {t.ts()});
                    values.add(t.amount());
                    // the ring drops from the front while the oldest is too old (arrival order, as documented)
                    while (!times.isEmpty() && t.ts() - times.get(0)[0] > w.size()) {
                        times.remove(0);
                        values.remove(0);
                    }
                    out.add(new Expected(t.ts(), t.receiptTs(), List.copyOf(values)));
                }
                case SLIDING_COUNT -> {
                    values.add(t.amount());
                    if (values.size() > w.size()) {
                        values.remove(0);
                    }
                    out.add(new Expected(t.ts(), t.receiptTs(), List.copyOf(values)));
                }
                case TUMBLING_COUNT -> {
                    values.add(t.amount());
                    if (values.size() == w.size()) {
                        out.add(new Expected(t.ts(), t.receiptTs(), List.copyOf(values)));
                        values.clear();
                    }
                }
                case TUMBLING_TIME -> {
                    long bucket = Math.floorDiv(t.ts(), w.size());
                    if (!times.isEmpty()) {
                        long open = Math.floorDiv(times.get(0)[0], w.size());
                        if (bucket < open) {
                            continue; // late
                        }
                        if (bucket > open) {
                            out.add(new Expected((open + 1) * w.size(), t.receiptTs(), List.copyOf(values)));
                            times.clear();
                            values.clear();
                        }
                    }
                    times.add(new long[] {t.ts()});
                    values.add(t.amount());
                }
            }
        }
        return out;
    }

    @Provide
    Arbitrary<Windows> windows() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 40).map(s -> Windows.slidingTime(s * 1_000)),
                Arbitraries.integers().between(1, 12).map(Windows::slidingCount),
                Arbitraries.longs().between(1, 40).map(s -> Windows.tumblingTime(s * 1_000)),
                Arbitraries.integers().between(1, 12).map(Windows::tumblingCount));
    }

    @Property(tries = 300)
    void everyWindowEqualsItsDefinitionAndRestoresAnywhere(@ForAll("windows") Windows w, @ForAll boolean invertible,
                                                           @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int n = 1 + r.nextInt(150);
        List<Trade> in = new ArrayList<>();
        // a third of the runs cross 0: a negative time such as -1 ns is a NaN's bit pattern, and the ring keeps times as
        // raw bits among its doubles
        long ts = r.nextInt(3) == 0 ? -r.nextInt(200) * 1_000L - r.nextInt(3) : 1_000_000;
        for (int i = 0; i < n; i++) {
            ts += r.nextInt(10) < 8 ? r.nextInt(4) * 1_000 : -r.nextInt(3) * 1_000; // ties, gaps, a few out of order
            in.add(new Trade().set(ts, 5_000_000 + i, 1, 100, (1 + r.nextInt(1024)) / 64.0, i + 1));
        }
        Feature f = ToolkitFixtures.overTrades("w", OUT, p -> p.input(0).window(w, OUT, new Stats(invertible)));
        FeatureTestHarness h = FeatureTestHarness.of(f);
        List<Event> actual = new ArrayList<>();
        int cut = r.nextInt(n + 1);
        for (int i = 0; i < n; i++) {
            if (i == cut) {
                h = h.restoredCopy(); // a fresh operator from the snapshot, continuing
            }
            for (Event e : h.push(0, in.get(i))) {
                actual.add(e.copy());
            }
        }
        List<Expected> expected = reference(w, in);
        assertEquals(expected.size(), actual.size(), w + " outputs");
        for (int i = 0; i < expected.size(); i++) {
            Expected x = expected.get(i);
            Event a = actual.get(i);
            String at = w + " output " + i + " (cut " + cut + ")";
            assertEquals(x.ts(), a.ts(), at);
            assertEquals(x.receiptTs(), a.receiptTs(), at);
            assertEquals(x.elements().size(), COUNT.get(a), at);
            assertEquals(x.elements().stream().mapToDouble(Double::doubleValue).sum(), SUM.get(a), at); // multiples of 1/64: exact
            if (!invertible) {
                assertEquals(x.elements().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), MAX.get(a), at);
                assertEquals(x.elements().get(0), FIRST.get(a), at);
                assertEquals(x.elements().get(x.elements().size() - 1), LAST.get(a), at);
            }
        }
    }
}
