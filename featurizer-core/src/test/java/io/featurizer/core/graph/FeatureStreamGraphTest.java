package io.featurizer.core.graph;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.feature.NamedDataEvent;
import io.featurizer.core.synthetic.SyntheticFeed;
import io.featurizer.core.synthetic.SyntheticMarket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureStreamGraphTest {
    static final long S = 1_000_000_000L;
    static final long M = 60 * S;

    final Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
    final Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
    final Feature snap = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book);
    final Feature mid = Features.feature("price.mid_price_fd", Map.of(), snap);
    final Feature spread = Features.feature("spread.relative_bid_ask_spread_fd", Map.of(), snap);
    final Feature ohlcv = Features.feature("ohlcv.ohlcv_fd", Map.of("window", "1m"), trades);

    static BookUpdate snapshot(long ts, double bid, double ask) {
        return new BookUpdate().reset(ts, ts + 1, true).addBid(bid, 1).addBid(bid - 1, 1).addAsk(ask, 1).addAsk(ask + 1, 1);
    }

    static Trade trade(long ts, int side, double price, double amount) {
        return new Trade().set(ts, ts + 1, side, price, amount, ts);
    }

    @Test
    void combinedVectorIsEmittedOncePerInputThatChangedAnOutputAndNeverHalfUpdated() {
        List<GroupedNamedDataEvent> vectors = new ArrayList<>();
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(mid, spread, ohlcv)).combineOutputs(v -> vectors.add(v.copy())).build();

        g.emit(book, snapshot(1 * S, 100, 102)); // mid, spread change; ohlcv has no value yet -> no vector
        g.emit(trades, trade(2 * S, Side.BUY, 102, 2)); // bar 0 open
        g.emit(trades, trade(3 * S, Side.SELL, 100, 1));
        assertEquals(0, vectors.size(), "no vector before every output has a value");

        g.emit(trades, trade(M + 1, Side.BUY, 101, 1)); // closes bar 0 -> first complete vector
        assertEquals(1, vectors.size());
        GroupedNamedDataEvent v1 = vectors.get(0);
        assertEquals(101.0, v1.get(mid).getDouble(0));
        assertEquals(2 * 2.0 / 202.0, v1.get(spread).getDouble(0));
        Event bar = v1.get(ohlcv);
        assertEquals(M, bar.ts(), "bar ts is the bucket end");
        assertEquals(102.0, bar.getDouble(0)); // open
        assertEquals(102.0, bar.getDouble(1)); // high
        assertEquals(100.0, bar.getDouble(2)); // low
        assertEquals(100.0, bar.getDouble(3)); // close
        assertEquals(3.0, bar.getDouble(4)); // volume
        assertEquals((102.0 * 2 + 100.0) / 3.0, bar.getDouble(5)); // vwap
        assertEquals(2, bar.getLong(6));
        assertEquals(M + 1, v1.ts(), "vector time is the input's time");

        g.emit(book, new BookUpdate().reset(M + 2, M + 3, false).addBid(90, 5)); // rank 2 of 5: snapshot changes, mid/spread do not
        assertEquals(1, vectors.size(), "an input that changes no output emits nothing");

        g.emit(book, new BookUpdate().reset(M + 4, M + 5, false).addBid(101, 3)); // new best bid: mid AND spread change
        assertEquals(2, vectors.size(), "one vector for one input, although two outputs changed");
        assertEquals(101.5, vectors.get(1).get(mid).getDouble(0));
        assertEquals(2 * 1.0 / 203.0, vectors.get(1).get(spread).getDouble(0));

        g.emit(trades, trade(M + 6, Side.BUY, 101, 1)); // accumulates into bar 1, no output
        assertEquals(2, vectors.size());
    }

    @Test
    void everyVectorIsConsistentOverALongSyntheticRun() {
        Feature snap1 = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 1), book);
        Feature m = Features.feature("price.mid_price_fd", Map.of(), snap1);
        Feature sp = Features.feature("spread.relative_bid_ask_spread_fd", Map.of(), snap1);
        long[] inputsChangingOutputs = {0};
        long[] vectors = {0};
        boolean[] changedThisInput = {false};
        List<Feature> outs = List.of(snap1, m, sp);
        FeatureStreamGraph g = FeatureStreamGraph.builder(outs).combineOutputs(v -> {
            vectors[0]++;
            double bid = v.get(snap1).getArray(L2SnapshotFD.BID_PRICES)[0];
            double ask = v.get(snap1).getArray(L2SnapshotFD.ASK_PRICES)[0];
            assertEquals((bid + ask) / 2, v.get(m).getDouble(0), "mid matches the book in the same vector");
            assertEquals(2 * Math.abs(bid - ask) / (bid + ask), v.get(sp).getDouble(0), "spread matches the book in the same vector");
        }).build();
        for (Feature f : outs) {
            g.getStream(f).subscribe((feature, e) -> changedThisInput[0] = true);
        }
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(5000, 0, 0));
        for (int i = 0; i < 50_000; i++) {
            market.next();
            changedThisInput[0] = false;
            g.emit(book, market.event());
            if (changedThisInput[0]) {
                inputsChangingOutputs[0]++;
            }
        }
        assertEquals(inputsChangingOutputs[0], vectors[0], "exactly one vector per input that changed an output");
        assertTrue(vectors[0] > 1000);
    }

    @Test
    void emitWithMissingStartsAtTheFirstChangeWithNulls() {
        List<GroupedNamedDataEvent> vectors = new ArrayList<>();
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(mid, ohlcv)).combineOutputs(v -> vectors.add(v.copy())).emitWithMissing(true).build();
        g.emit(book, snapshot(S, 100, 102));
        assertEquals(1, vectors.size());
        assertEquals(101.0, vectors.get(0).get(mid).getDouble(0));
        assertNull(vectors.get(0).get(ohlcv));
    }

    @Test
    void gridSamplingEmitsTheVectorAsOfEachGridPointForwardFilled() {
        Feature ticker = Features.ticker("BINANCE", "spot", "BTC-USDT");
        Feature tmid = Features.feature("price.mid_price_fd", Map.of("dep_schema", "ticker"), ticker);
        List<GroupedNamedDataEvent> vectors = new ArrayList<>();
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(tmid)).combineOutputs(v -> vectors.add(v.copy()))
                .sampleEvery(S).timeField(TimeField.EXCHANGE).build();
        g.emit(ticker, new Quote().set(500_000_000L, 500_000_000L, 99, 1, 101, 1)); // mid 100 at 0.5 s
        g.emit(ticker, new Quote().set(1_000_000_000L, 1_000_000_000L, 99.5, 1, 101.5, 1)); // mid 100.5 exactly at 1 s: belongs to grid 1 s
        g.emit(ticker, new Quote().set(1_200_000_000L, 1_200_000_000L, 100, 1, 102, 1)); // mid 101 at 1.2 s
        g.emit(ticker, new Quote().set(3_700_000_000L, 3_700_000_000L, 102, 1, 104, 1)); // mid 103 at 3.7 s
        g.flush();
        assertEquals(3, vectors.size());
        assertEquals(1 * S, vectors.get(0).ts());
        assertEquals(100.5, vectors.get(0).get(tmid).getDouble(0));
        assertEquals(2 * S, vectors.get(1).ts());
        assertEquals(101.0, vectors.get(1).get(tmid).getDouble(0));
        assertEquals(3 * S, vectors.get(2).ts());
        assertEquals(101.0, vectors.get(2).get(tmid).getDouble(0));
    }

    @Test
    void sharedSubtreesAreOneNodeAndSymbolsStaySeparate() {
        Feature ethBook = Features.l2Book("BINANCE", "spot", "ETH-USDT");
        Feature ethMid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), ethBook));
        FeatureStreamGraph g = new FeatureStreamGraph(List.of(mid, spread, ethMid), true, v -> { });
        assertEquals(List.of(book, ethBook), g.getIns());
        assertEquals(List.of(mid, spread, ethMid), g.getOuts());
        assertEquals(7, g.getFeatures().size(), "2 books, 2 snapshots, 2 mids, 1 spread: the BTC snapshot is shared");
        List<Double> btc = new ArrayList<>();
        List<Double> eth = new ArrayList<>();
        g.setCallback(mid, (f, e) -> btc.add(e.getDouble(0)));
        g.setCallback(ethMid, (f, e) -> eth.add(e.getDouble(0)));
        g.emitNamedDataEvent(new NamedDataEvent(book, snapshot(S, 100, 102)));
        g.emitNamedDataEvent(new NamedDataEvent(ethBook, snapshot(S, 10, 12)));
        g.emit(book, new BookUpdate().reset(2 * S, 2 * S, false).addAsk(101, 1));
        assertEquals(List.of(101.0, 100.5), btc);
        assertEquals(List.of(11.0), eth);
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        FeatureStreamGraph g = new FeatureStreamGraph(List.of(mid), false, null);
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> g.emit(book, trade(S, Side.BUY, 1, 1)));
        assertTrue(wrongType.getMessage().contains("expects l2_book events, got trades"), wrongType.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> g.emit(trades, trade(S, Side.BUY, 1, 1)));
        assertTrue(unknown.getMessage().contains("is not an input of this graph"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.getStream(ohlcv));
        assertThrows(IllegalArgumentException.class, () -> FeatureStreamGraph.builder(List.of()).build());
    }
}
