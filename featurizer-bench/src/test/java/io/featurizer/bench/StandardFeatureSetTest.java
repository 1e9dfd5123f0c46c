package io.featurizer.bench;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardFeatureSetTest {
    @Test
    void hasSevenOutputsOverBookAndTrades() {
        StandardFeatureSet set = new StandardFeatureSet();
        assertEquals(List.of("book5", "book25", "mid", "spread", "vol_1m", "tvi_1m", "ohlcv_1m"),
                set.outputs().stream().map(Feature::name).toList());
        FeatureStreamGraph graph = set.newGraph(new StandardFeatureSet.VectorSink());
        assertEquals(List.of(set.l2Book(), set.trades()), graph.getIns());
        assertEquals(9, graph.getFeatures().size());
        Feature mid = set.outputs().get(StandardFeatureSet.MID);
        assertEquals(set.outputs().get(StandardFeatureSet.BOOK5), mid.children().get(0), "mid reads the depth-5 snapshot");
        assertEquals(5, set.outputs().get(StandardFeatureSet.BOOK5).params().getInt("depth", 0));
        assertEquals(25, set.outputs().get(StandardFeatureSet.BOOK25).params().getInt("depth", 0));
    }

    @Test
    void combinedVectorsCarryAMidBetweenTheBestBidAndAsk() {
        StandardFeatureSet set = new StandardFeatureSet();
        StandardFeatureSet.VectorSink sink = new StandardFeatureSet.VectorSink();
        double[] worst = {0};
        long[] checked = {0};
        FeatureStreamGraph graph = set.newGraph(g -> {
            sink.onCombined(g);
            Event book = g.event(StandardFeatureSet.BOOK5);
            double bid = L2SnapshotFD.bestBid(book);
            double ask = L2SnapshotFD.bestAsk(book);
            double mid = g.event(StandardFeatureSet.MID).getDouble(0);
            worst[0] = Math.max(worst[0], Math.abs(mid - (bid + ask) / 2));
            assertEquals(5, book.arrayLength(L2SnapshotFD.BID_PRICES));
            assertEquals(25, g.event(StandardFeatureSet.BOOK25).arrayLength(L2SnapshotFD.ASK_PRICES));
            checked[0]++;
        });
        MarketTape tape = MarketTape.forStandardSet(set, graph, 11, 20_000);
        tape.play(graph, 200_000); // ten passes of ~8 s: the first 1m OHLCV bar closes after 60 s
        assertTrue(checked[0] > 0);
        assertEquals(checked[0], sink.vectors());
        assertTrue(sink.vectors() <= 200_000);
        assertEquals(0.0, worst[0], 1e-9);
    }
}
