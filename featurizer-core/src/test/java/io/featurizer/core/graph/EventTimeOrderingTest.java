package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Event-time mode: watermark, allowed lateness, idle sources, late-event policy (DESIGN.md section 4). */
class EventTimeOrderingTest {
    /** A two-input feature that emits (input, ts) for every input, so tests see the processing order. */
    static final class OrderProbe extends FeatureDefinition {
        static final Schema SCHEMA = Schema.builder("probe").addLong("input").build();

        @Override
        public String name() {
            return "test.order_probe";
        }

        @Override
        public Schema schema(Params params) {
            return SCHEMA;
        }

        @Override
        public List<String> dependencies(Params params) {
            return List.of("ticker", "trades");
        }

        @Override
        public FeatureOperator createOperator(OperatorContext ctx) {
            FeatureEvent out = ctx.newOutput();
            return (input, event, emitter) -> {
                out.setTimes(event.ts(), event.receiptTs());
                out.setLong(0, input);
                emitter.emit(out);
            };
        }
    }

    final Feature a = Features.ticker("X", "spot", "A");
    final Feature b = Features.trades("X", "spot", "A");
    final Feature probe = Feature.of(new OrderProbe(), Params.EMPTY, List.of(a, b));
    final List<String> seen = new ArrayList<>();

    FeatureStreamGraph graph(long lateness, long idle, LateEventPolicy policy) {
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(probe)).timeField(TimeField.EXCHANGE)
                .allowedLateness(lateness).idleTimeout(idle).latePolicy(policy).build();
        g.setCallback(probe, (f, e) -> seen.add((e.getLong(0) == 0 ? "A" : "B") + e.ts()));
        return g;
    }

    static Event qa(long ts) {
        return new Quote().set(ts, 0, 1, 1, 2, 1);
    }

    static Event tb(long ts) {
        return new Trade().set(ts, 0, Side.BUY, 1, 1, ts);
    }

    @Test
    void releasesInTimeOrderAsTheWatermarkPasses() {
        FeatureStreamGraph g = graph(0, 100, LateEventPolicy.DROP);
        g.emit(a, qa(1));
        assertEquals(List.of(), seen, "B has not spoken: nothing can be released");
        g.emit(b, tb(3)); // watermark = min(1,3) - 0 - 1 = 0
        assertEquals(List.of(), seen);
        g.emit(a, qa(2)); // watermark = min(2,3) - 1 = 1
        assertEquals(List.of("A1"), seen);
        g.emit(a, qa(5)); // min(5,3) - 1 = 2
        g.emit(b, tb(4)); // min(5,4) - 1 = 3
        g.emit(b, tb(6)); // min(5,6) - 1 = 4
        assertEquals(List.of("A1", "A2", "B3", "B4"), seen);
        assertEquals(2, g.bufferedEvents());
        g.flush();
        assertEquals(List.of("A1", "A2", "B3", "B4", "A5", "B6"), seen);
    }

    @Test
    void tiesAreBrokenBySourceRankThenArrival() {
        FeatureStreamGraph g = graph(0, 100, LateEventPolicy.DROP);
        g.emit(b, tb(5));
        g.emit(a, qa(5));
        g.emit(b, tb(5));
        g.flush();
        assertEquals(List.of("A5", "B5", "B5"), seen, "A has rank 0 (first input of the graph)");
    }

    @Test
    void lateEventsAreDroppedOrProcessedAndCounted() {
        FeatureStreamGraph drop = graph(0, 100, LateEventPolicy.DROP);
        drop.emit(a, qa(10));
        drop.emit(b, tb(10)); // watermark 9
        drop.emit(a, qa(9)); // at the watermark: late
        drop.emit(a, qa(11));
        drop.flush();
        assertEquals(List.of("A10", "B10", "A11"), seen);
        assertEquals(1, drop.lateEventsDropped());

        seen.clear();
        FeatureStreamGraph process = graph(0, 100, LateEventPolicy.PROCESS);
        process.emit(a, qa(10));
        process.emit(b, tb(10));
        process.emit(a, qa(9)); // late, processed at once, ahead of the still-buffered 10s
        process.flush();
        assertEquals(List.of("A9", "A10", "B10"), seen);
        assertEquals(1, process.lateEventsProcessed());
    }

    @Test
    void allowedLatenessKeepsSlightlyLateEventsInOrder() {
        FeatureStreamGraph g = graph(2, 100, LateEventPolicy.DROP);
        g.emit(a, qa(10));
        g.emit(b, tb(10)); // watermark 10 - 2 - 1 = 7
        g.emit(a, qa(8)); // not late
        g.flush();
        assertEquals(List.of("A8", "A10", "B10"), seen);
        assertEquals(0, g.lateEventsDropped());
    }

    @Test
    void anIdleSourceStopsHoldingTheWatermark() {
        FeatureStreamGraph g = graph(0, 3, LateEventPolicy.DROP);
        g.emit(a, qa(1)); // B unseen, counted from ts 1
        g.emit(a, qa(4)); // 4 - 1 = 3: not yet idle
        assertEquals(List.of(), seen);
        g.emit(a, qa(5)); // 5 - 1 > 3: B idle; watermark = 5 - 1 = 4
        assertEquals(List.of("A1", "A4"), seen);
        g.emit(b, tb(3)); // B wakes up behind the watermark: late
        assertEquals(1, g.lateEventsDropped());
        g.emit(b, tb(6)); // B active again: watermark = min(5, 6) - 1 = 4
        g.flush();
        assertEquals(List.of("A1", "A4", "A5", "B6"), seen);
    }
}
