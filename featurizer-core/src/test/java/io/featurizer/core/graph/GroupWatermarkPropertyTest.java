package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureGroup;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.Params;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Event time over two unrelated feature groups: one graph over both gives each group exactly what a graph over that
 * group alone gives (the reference), whatever the interleaving, lateness and policy, also across a snapshot and
 * restore. So a source of one group that lags or stalls never holds back or makes late the other group's events:
 * what lets Flink run each group as its own key.
 */
class GroupWatermarkPropertyTest {
    final Feature qa = Features.ticker("X", "spot", "A");
    final Feature ta = Features.trades("X", "spot", "A");
    final Feature tb = Features.trades("X", "spot", "B");
    final Feature qb = Features.ticker("X", "spot", "B");
    final Feature probeA = Feature.of(new EventTimeOrderingTest.OrderProbe(), Params.EMPTY, List.of(qa, ta));
    final Feature probeB = Feature.of(new EventTimeOrderingTest.OrderProbe(), Params.EMPTY, List.of(qb, tb));
    final List<Feature> sources = List.of(qa, ta, qb, tb);

    /** One input: which of the four sources, its exchange time. */
    record Input(int source, long ts) {
    }

    @Test
    void groupsAreFoundThroughSharedSources() {
        List<FeatureGroup> groups = FeatureGroup.of(List.of(probeA, probeB, Features.trades("X", "spot", "A")));
        assertEquals(2, groups.size());
        assertEquals(List.of(qa, ta), groups.get(0).dataSources());
        assertEquals(List.of(probeA, ta), groups.get(0).features());
        assertEquals(List.of(qb, tb), groups.get(1).dataSources());
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        Arbitrary<Input> one = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.longs().between(0, 60))
                .as(Input::new);
        // a drifting clock per source: time moves forward with jitter, so some events come late
        return one.list().ofMinSize(0).ofMaxSize(80).map(list -> {
            List<Input> out = new ArrayList<>();
            long[] clock = new long[4];
            for (Input i : list) {
                clock[i.source()] += i.ts() % 7;
                out.add(new Input(i.source(), clock[i.source()] + (i.ts() % 5 == 0 ? -i.ts() / 4 : 0)));
            }
            return out;
        });
    }

    @Property(tries = 200)
    void aGraphOverTwoGroupsEqualsOneGraphPerGroup(@ForAll("inputs") List<Input> inputs,
                                                   @ForAll("latenesses") long lateness,
                                                   @ForAll("idles") long idle,
                                                   @ForAll boolean drop,
                                                   @ForAll("cuts") int cut) {
        LateEventPolicy policy = drop ? LateEventPolicy.DROP : LateEventPolicy.PROCESS;
        // reference: a graph per group, each fed only its own sources' inputs
        List<String> refA = run(List.of(probeA), inputs, lateness, idle, policy, -1).get(probeA);
        List<String> refB = run(List.of(probeB), inputs, lateness, idle, policy, -1).get(probeB);
        Outputs both = run(List.of(probeA, probeB), inputs, lateness, idle, policy, Math.min(cut, inputs.size()));
        assertEquals(refA, both.get(probeA), "group A");
        assertEquals(refB, both.get(probeB), "group B");
    }

    @Provide
    Arbitrary<Long> latenesses() {
        return Arbitraries.of(0L, 2L, 5L);
    }

    @Provide
    Arbitrary<Long> idles() {
        return Arbitraries.of(3L, 20L, 1_000L);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 80);
    }

    record Outputs(List<Feature> features, List<List<String>> seen) {
        List<String> get(Feature f) {
            return seen.get(features.indexOf(f));
        }
    }

    /** Feeds the inputs of the graph's sources; at {@code restoreAt} (>= 0) snapshots and continues in a fresh graph. */
    Outputs run(List<Feature> features, List<Input> inputs, long lateness, long idle, LateEventPolicy policy, int restoreAt) {
        List<List<String>> seen = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            seen.add(new ArrayList<>());
        }
        FeatureStreamGraph g = build(features, lateness, idle, policy, seen);
        for (int i = 0; i < inputs.size(); i++) {
            if (i == restoreAt) {
                byte[] snapshot = g.snapshot();
                g = build(features, lateness, idle, policy, seen);
                g.restore(snapshot);
            }
            Input in = inputs.get(i);
            Feature source = sources.get(in.source());
            if (g.getIns().contains(source)) {
                g.emit(source, event(in));
            }
        }
        g.flush();
        return new Outputs(features, seen);
    }

    FeatureStreamGraph build(List<Feature> features, long lateness, long idle, LateEventPolicy policy, List<List<String>> seen) {
        FeatureStreamGraph g = FeatureStreamGraph.builder(features).timeField(TimeField.EXCHANGE)
                .allowedLateness(lateness).idleTimeout(idle).latePolicy(policy).build();
        for (int i = 0; i < features.size(); i++) {
            List<String> out = seen.get(i);
            g.setCallback(features.get(i), (f, e) -> out.add(e.getLong(0) + "@" + e.ts()));
        }
        return g;
    }

    static Event event(Input in) {
        return in.source() % 2 == 0 ? new Quote().set(in.ts(), 0, 1, 1, 2, 1) : new Trade().set(in.ts(), 0, Side.BUY, 1, 1, in.ts());
    }
}
