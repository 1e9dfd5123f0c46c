package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.featurizer.core.stream.ToolkitFixtures.In;
import static io.featurizer.core.stream.ToolkitFixtures.assertRestoreAnywhere;
import static io.featurizer.core.stream.ToolkitFixtures.overTradesAndTicker;
import static io.featurizer.core.stream.ToolkitFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One pipeline with every stateful stage: the snapshot covers them all, in construction order. */
class PipelineSnapshotTest {
    static final Schema MID = Schema.ofDoubles("mid", "mid");

    static Feature everything() {
        return overTradesAndTicker("everything", ScanStageTest.FLOW, p -> {
            EventStream trades = p.input(0);
            EventStream flow = trades.scan(ScanStageTest.FLOW, new ScanStageTest.FlowState(), ScanStageTest::accumulate);
            EventStream window = trades.window(Windows.slidingTime(5_000), WindowsPropertyTest.OUT, new WindowsPropertyTest.Stats(false));
            EventStream bars = trades.window(Windows.tumblingTime(2_000), WindowsPropertyTest.OUT, new WindowsPropertyTest.Stats(true));
            EventStream mid = p.input(1)
                    .map(MID, (in, o) -> o.set(0, (in.getDouble(Quote.BID_PRICE) + in.getDouble(Quote.ASK_PRICE)) / 2))
                    .unique();
            p.output(trades.sample(3_000));
            p.output(bars);
            p.output(EventStream.combineLatest(mid, window));
            return flow;
        });
    }

    @Test
    void everyStatefulStageSurvivesRestore() {
        List<In> ins = CombineLatestStageTest.randomMix(15, 1_500);
        List<Event> out = run(FeatureTestHarness.of(everything()), ins);
        // all three outputs occur
        assertTrue(out.stream().anyMatch(e -> e.schema().equals(ScanStageTest.FLOW)));
        assertTrue(out.stream().anyMatch(e -> e.schema().equals(Trade.SCHEMA)));
        assertTrue(out.stream().anyMatch(e -> e.schema().name().equals("combine_latest")));
        assertRestoreAnywhere(everything(), ins, 0, 1, 5, 17, 250, 749, 1_000, 1_499);
    }

    @Test
    void restoringTwiceInARowIsStable() {
        List<In> ins = CombineLatestStageTest.randomMix(16, 400);
        FeatureTestHarness h = FeatureTestHarness.of(everything());
        run(h, ins.subList(0, 200));
        FeatureTestHarness twice = h.restoredCopy().restoredCopy();
        assertEquals(run(h, ins.subList(200, 400)), run(twice, ins.subList(200, 400)));
    }
}
