package io.featurizer.core.definitions.returns;

import io.featurizer.core.definitions.flow.FlowEvents;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.flow.FlowEvents.BASE;
import static io.featurizer.core.definitions.flow.FlowEvents.MS;
import static io.featurizer.core.definitions.flow.FlowEvents.SEC;
import static io.featurizer.core.definitions.flow.FlowEvents.mid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogReturnFDTest {
    static Feature logReturn(String horizon) {
        return Features.feature("returns.log_return", Map.of("horizon", horizon), FlowEvents.mid());
    }

    static double push(FeatureTestHarness h, FeatureEvent m) {
        List<Event> out = h.push(0, m);
        assertEquals(1, out.size(), "one value per mid");
        assertEquals(m.ts(), out.get(0).ts());
        assertEquals(m.receiptTs(), out.get(0).receiptTs());
        return out.get(0).getDouble(0);
    }

    @Test
    void handComputedAsOfReturns() {
        FeatureTestHarness h = FeatureTestHarness.of(logReturn("10s"));
        assertEquals(Double.NaN, push(h, mid(BASE, 100)), "nothing at or before t − 10 s");
        assertEquals(Double.NaN, push(h, mid(BASE + 5 * SEC, 110)));
        assertEquals(Double.NaN, push(h, mid(BASE + 5 * SEC, 111)), "a tie at 5 s: the later one is the value as of 5 s");
        assertEquals(Math.log(1.21), push(h, mid(BASE + 10 * SEC, 121)), 1e-15, "exactly h after the first mid: covered");
        assertEquals(0.0, push(h, mid(BASE + 12 * SEC, 100)), 1e-15, "as of 2 s: still the mid of 0 s");
        assertEquals(Math.log(105 / 111.0), push(h, mid(BASE + 15 * SEC, 105)), 1e-15, "as of 5 s: the last mid of 5 s");
        assertEquals(Math.log(90 / 105.0), push(h, mid(BASE + 60 * SEC, 90)), 1e-15, "as of 50 s: the mid of 15 s, long before");
    }

    @Test
    void anEmptyBookSideGivesNoMidAndSoNoReturn() {
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature mid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book));
        Feature r = Features.feature("returns.log_return", Map.of("horizon", "10s"), mid);
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(r)).build();
        List<Event> out = new ArrayList<>();
        g.getStream(r).subscribe((feature, e) -> out.add(e.copy()));
        g.emit(book, new BookUpdate().reset(BASE, BASE, true).addBid(99, 1).addAsk(101, 1)); // mid 100
        g.emit(book, new BookUpdate().reset(BASE + 5 * SEC, BASE + 5 * SEC, false).addAsk(101, 0)); // no asks: no mid
        g.emit(book, new BookUpdate().reset(BASE + 12 * SEC, BASE + 12 * SEC, false).addAsk(103, 2)); // mid 101
        assertEquals(2, out.size(), "one return per mid, none while the ask side is empty: " + out);
        assertEquals(Double.NaN, out.get(0).getDouble(0), "the data does not cover 10 s yet");
        assertEquals(BASE + 12 * SEC, out.get(1).ts());
        assertEquals(Math.log(101 / 100.0), out.get(1).getDouble(0), 1e-15, "as of 2 s: the mid of 0 s");
    }

    /** ln(m_i / m_j) with j the last index with ts_j ≤ ts_i − h, NaN when none. */
    static double naive(List<FeatureEvent> in, int i, long h) {
        double then = Double.NaN;
        for (int j = 0; j <= i; j++) {
            if (in.get(j).ts() <= in.get(i).ts() - h) {
                then = in.get(j).getDouble(0);
            }
        }
        return Math.log(in.get(i).getDouble(0) / then);
    }

    @Property(tries = 200)
    void everyMidEqualsAScanForTheAsOfValue(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long h = (1 + r.nextInt(20)) * 250 * MS;
        List<FeatureEvent> in = new ArrayList<>();
        long ts = BASE;
        long cents = 10_000;
        for (int i = 0, n = 1 + r.nextInt(200); i < n; i++) {
            ts += r.nextInt(4) == 0 ? 0 : r.nextInt(4) == 0 ? 250 * MS * r.nextInt(4) : r.nextLong(700 * MS);
            cents = Math.max(100, cents + r.nextInt(-30, 31));
            in.add(mid(ts, cents / 100.0));
        }
        FeatureTestHarness harness = FeatureTestHarness.of(logReturn(h / MS + "ms"));
        for (int i = 0; i < in.size(); i++) {
            double expected = naive(in, i, h);
            double actual = push(harness, in.get(i));
            assertTrue(FlowEvents.close(expected, actual, 0, 0), "mid " + i + ": " + expected + " vs " + actual);
        }
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<FeatureEvent> in = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 3000; i++) {
            in.add(mid(BASE + i * 37 * MS, 100 + r.nextInt(100) / 10.0));
        }
        for (int split : new int[] {1, 1000, 2500}) {
            FeatureTestHarness a = FeatureTestHarness.of(logReturn("5s"));
            a.pushAll(in.subList(0, split));
            FeatureTestHarness b = a.restoredCopy();
            assertEquals(a.pushAll(in.subList(split, in.size())), b.pushAll(in.subList(split, in.size())));
        }
    }
}
