package io.featurizer.core.definitions.transforms;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A mid price feature to transform, hand-made values of it, and the per-input check against a reference. */
final class TransformInputs {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;
    static final long BASE = 1_700_000_040L * SEC;
    static final long LAG = 1_234;
    static final Feature MID = Features.feature("price.mid_price_fd", Map.of(),
            Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), Features.l2Book("BINANCE", "spot", "BTC-USDT")));

    private TransformInputs() {
    }

    static Feature transform(String name, Map<String, ?> params) {
        return Features.feature(name, params, MID);
    }

    static FeatureEvent value(long ts, double v) {
        FeatureEvent e = new FeatureEvent(MID.schema());
        e.setTimes(ts, ts + LAG);
        e.set(0, v);
        return e;
    }

    /** Values at times on a 100 ms grid stepping 0 to 3 steps (ties, and window edges hit exactly); values on a 1/8 grid. */
    static List<FeatureEvent> randomValues(SplittableRandom r, int n) {
        List<FeatureEvent> out = new ArrayList<>();
        long t = BASE;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4) * 100 * MS;
            out.add(value(t, r.nextInt(5) == 0 ? 20 : r.nextInt(400) / 8.0));
        }
        return out;
    }

    /** The reference value at input i, or empty when the transform should emit nothing there. */
    interface Reference {
        OptionalDouble at(List<FeatureEvent> in, int i);
    }

    /** Pushes every input, checking output field {@code field} against the reference at each, then a restore at a random cut. */
    static void assertMatches(Feature f, int field, List<FeatureEvent> in, Reference ref, double relTol, long seed) {
        FeatureTestHarness h = FeatureTestHarness.of(f);
        for (int i = 0; i < in.size(); i++) {
            List<Event> out = h.push(0, in.get(i));
            OptionalDouble expected = ref.at(in, i);
            if (expected.isEmpty()) {
                assertEquals(List.of(), out, f + ": nothing at input " + i);
                continue;
            }
            assertEquals(1, out.size(), f + ": one output at input " + i);
            assertEquals(in.get(i).ts(), out.get(0).ts());
            assertEquals(in.get(i).receiptTs(), out.get(0).receiptTs());
            double e = expected.getAsDouble(), a = out.get(0).getDouble(field);
            if (!(Math.abs(e - a) <= relTol * Math.max(1, Math.abs(e))) && !(Double.isNaN(e) && Double.isNaN(a))) {
                fail(f + " at input " + i + ": expected " + e + " but was " + a);
            }
        }
        int cut = new SplittableRandom(seed).nextInt(in.size() + 1);
        FeatureTestHarness a = FeatureTestHarness.of(f);
        a.pushAll(in.subList(0, cut));
        FeatureTestHarness b = a.restoredCopy();
        assertEquals(a.pushAll(in.subList(cut, in.size())), b.pushAll(in.subList(cut, in.size())), f + ": restored at input " + cut);
    }

    /** Indexes of the inputs in the time window at input i: t_i − w ≤ t_j ≤ t_i, j ≤ i. */
    static int windowStart(List<FeatureEvent> in, int i, long w) {
        int first = i;
        while (first > 0 && in.get(i).ts() - in.get(first - 1).ts() <= w) {
            first--;
        }
        return first;
    }
}
