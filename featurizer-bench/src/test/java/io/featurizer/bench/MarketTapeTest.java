package io.featurizer.bench;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketTapeTest {
    private final StandardFeatureSet set = new StandardFeatureSet();
    private final FeatureStreamGraph graph = set.newGraph(new StandardFeatureSet.VectorSink());

    @Test
    void recordsBookAndTradeCopiesWithTheirSourcesAndSkipsTickers() {
        MarketTape tape = MarketTape.forStandardSet(set, graph, 7, 5_000);
        int book = graph.sourceIndex(set.l2Book());
        int trades = graph.sourceIndex(set.trades());
        assertEquals(5_000, tape.size());
        assertEquals(5_000, tape.count(SyntheticMarket.Channel.L2_BOOK) + tape.count(SyntheticMarket.Channel.TRADES));
        assertEquals(0, tape.count(SyntheticMarket.Channel.TICKER));
        assertTrue(tape.skipped() > 0, "the market generates tickers, which the set does not read");
        for (int i = 0; i < tape.size(); i++) {
            Event e = tape.event(i);
            if (e instanceof BookUpdate) {
                assertEquals(book, tape.source(i));
            } else {
                assertInstanceOf(Trade.class, e);
                assertEquals(trades, tape.source(i));
            }
        }
        assertTrue(((BookUpdate) tape.event(0)).isSnapshot(), "each pass starts from a full book");
        // copies, not the generator's reused view
        assertTrue(tape.event(0) != tape.event(1) || tape.event(0).getClass() != tape.event(1).getClass());
    }

    @Test
    void copiesAreIndependentOfTheGeneratorsReusedEvents() {
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(2_000, 400, 200));
        List<Long> expectedTs = new ArrayList<>();
        while (expectedTs.size() < 100) {
            if (market.next() != SyntheticMarket.Channel.TICKER) {
                expectedTs.add(market.event().ts());
            }
        }
        MarketTape tape = MarketTape.forStandardSet(set, graph, 7, 100);
        for (int i = 0; i < 100; i++) {
            assertEquals(expectedTs.get(i), tape.event(i).ts());
            assertEquals(expectedTs.get(i), tape.ts(i));
        }
    }

    @Test
    void replayShiftsEachPassBySpanSoTimeNeverGoesBackwards() {
        MarketTape tape = MarketTape.forStandardSet(set, graph, 7, 3_000);
        long[] last = {Long.MIN_VALUE, Long.MIN_VALUE};
        long[] count = {0};
        graph.setCallback(set.l2Book(), (f, e) -> check(e, last, count));
        graph.setCallback(set.trades(), (f, e) -> check(e, last, count));
        tape.play(graph, 3 * 3_000 + 17);
        assertEquals(3 * 3_000 + 17, count[0]);
        assertEquals(3, tape.passes());
        // third pass: event 17 is shifted by three spans
        assertEquals(tape.ts(16) + 3 * tape.spanNanos(), last[0]);
        assertEquals(tape.receiptTs(16) + 3 * tape.spanNanos(), last[1]);
        assertTrue(tape.spanNanos() > tape.ts(tape.size() - 1) - tape.ts(0));
    }

    private static void check(Event e, long[] last, long[] count) {
        assertTrue(e.ts() >= last[0], "exchange time went backwards");
        assertTrue(e.receiptTs() > last[1], "receipt time went backwards");
        last[0] = e.ts();
        last[1] = e.receiptTs();
        count[0]++;
    }
}
