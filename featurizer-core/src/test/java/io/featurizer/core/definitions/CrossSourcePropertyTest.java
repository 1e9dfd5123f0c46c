package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.graph.TimeField;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.featurizer.core.definitions.CrossInputs.In;
import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cross-instrument definitions over two sources whose events are interleaved at random: (1) driven directly, in
 * any processing order they equal the naive reference on that order; (2) through a graph in event time, any arrival
 * interleaving gives the combined vectors of the inputs taken in DESIGN.md section 4's order (time, then the
 * source's rank, then its sequence), ties included.
 */
class CrossSourcePropertyTest {
    /** One step of a side: time advance (ms, often 0 for ties) and a price move (in 0.1 %). */
    record Step(int side, int advanceMs, int move) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> advance = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)), net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 900)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1000, 20_000)));
        return Combinators.combine(Arbitraries.integers().between(0, 1), advance, Arbitraries.integers().between(-3, 3))
                .as(Step::new).list().ofMinSize(0).ofMaxSize(200);
    }

    /** Per side, its own clock: side s's k-th step advances side s's time, so the two interleave in processing order at random. */
    static List<In> processingOrder(List<Step> steps) {
        long[] clock = {BASE, BASE};
        double[] price = {100, 200};
        List<In> out = new ArrayList<>();
        for (Step s : steps) {
            clock[s.side()] += s.advanceMs() * 1_000_000L;
            price[s.side()] *= 1 + s.move() / 1000.0;
            out.add(new In(s.side(), clock[s.side()], clock[s.side()] + 7, price[s.side()]));
        }
        return out;
    }

    @Property(tries = 300)
    void anyProcessingOrderEqualsTheReference(@ForAll("steps") List<Step> steps) {
        List<In> in = processingOrder(steps);
        Map<String, String> p = Map.of("interval", "1s", "window", "3s");
        Feature corr = Features.feature("cross.correlation", p, CrossInputs.A, CrossInputs.B);
        Feature beta = Features.feature("cross.beta", p, CrossInputs.A, CrossInputs.B);
        CrossInputs.assertSingleValues(CrossInputs.expected(in, SEC, 3, false), CrossInputs.run(corr, in), 1e-9);
        CrossInputs.assertSingleValues(CrossInputs.expected(in, SEC, 3, true), CrossInputs.run(beta, in), 1e-9);
    }

    // ---------------------------------------------------------------- through a graph, in event time

    static final Feature TICKER_A = Features.ticker("BINANCE", "spot", "BTC-USDT");
    static final Feature TICKER_B = Features.ticker("OKX", "spot", "BTC-USDT");
    static final Feature MID_A = Features.feature("price.mid_price_fd", Map.of("dep_schema", "ticker"), TICKER_A);
    static final Feature MID_B = Features.feature("price.mid_price_fd", Map.of("dep_schema", "ticker"), TICKER_B);
    static final List<Feature> OUTPUTS = List.of(
            Features.feature("cross.cross_venue_spread", Map.of(), MID_A, MID_B),
            Features.feature("cross.correlation", Map.of("interval", "1s", "window", "3s"), MID_A, MID_B),
            Features.feature("cross.lead_lag", Map.of("interval", "1s", "window", "3s", "max_lag", 1), MID_A, MID_B));

    /** An input event of a source, with its sequence within that source. */
    record Tick(int source, int seq, Quote quote) {
    }

    @Property(tries = 200)
    void anyArrivalInterleavingGivesTheVectorsOfSection4Order(@ForAll("steps") List<Step> steps,
                                                              @ForAll("shuffles") List<Integer> arrivalPicks) {
        List<Tick> bySource0 = new ArrayList<>();
        List<Tick> bySource1 = new ArrayList<>();
        for (In in : processingOrder(steps)) {
            List<Tick> mine = in.input() == 0 ? bySource0 : bySource1;
            double half = in.mid() * 1e-4;
            mine.add(new Tick(in.input(), mine.size(), new Quote().set(in.ts(), in.receiptTs(), in.mid() - half, 1, in.mid() + half, 1)));
        }
        // arrival: each source in its own order, the two interleaved as the picks say
        List<Tick> arrival = new ArrayList<>();
        int i0 = 0;
        int i1 = 0;
        for (int k = 0; i0 < bySource0.size() || i1 < bySource1.size(); k++) {
            boolean pick0 = i1 >= bySource1.size() || (i0 < bySource0.size() && arrivalPicks.get(k % Math.max(1, arrivalPicks.size())) == 0);
            arrival.add(pick0 ? bySource0.get(i0++) : bySource1.get(i1++));
        }
        // section 4's order: time, then rank (the graph's input order: source 0 first), then sequence
        List<Tick> ordered = new ArrayList<>(arrival);
        ordered.sort(Comparator.comparingLong((Tick t) -> t.quote().ts()).thenComparingInt(Tick::source).thenComparingInt(Tick::seq));

        List<String> expected = vectors(ordered, false);
        List<String> eventTime = vectors(arrival, true);
        assertEquals(expected, eventTime);
    }

    @Provide
    Arbitrary<List<Integer>> shuffles() {
        return Arbitraries.integers().between(0, 1).list().ofMinSize(1).ofMaxSize(400);
    }

    static List<String> vectors(List<Tick> inputs, boolean eventTime) {
        List<String> out = new ArrayList<>();
        FeatureStreamGraph.Builder b = FeatureStreamGraph.builder(OUTPUTS).combineOutputs(v -> {
            StringBuilder sb = new StringBuilder(v.ts() + "/" + v.receiptTs());
            for (int i = 0; i < v.size(); i++) {
                sb.append(' ').append(v.event(i));
            }
            out.add(sb.toString());
        });
        if (eventTime) {
            b.timeField(TimeField.EXCHANGE).allowedLateness(1_000 * SEC).idleTimeout(1_000_000 * SEC);
        }
        FeatureStreamGraph g = b.build();
        assertEquals(List.of(TICKER_A, TICKER_B), g.getIns());
        for (Tick t : inputs) {
            g.emit(t.source(), t.quote());
        }
        g.flush();
        return out;
    }
}
