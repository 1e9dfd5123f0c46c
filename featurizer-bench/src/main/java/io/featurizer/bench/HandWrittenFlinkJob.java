package io.featurizer.bench;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.flink.FlinkPlan;
import io.featurizer.flink.SourceRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.TreeMap;

/**
 * The peer of the Flink benchmark: the DataStream job a user would write by hand for mid price, relative spread,
 * 1-minute volatility of mid and 1-minute trade-volume imbalance per symbol, without Featurizer's engine. The book
 * lives in keyed state (two {@link TreeMap}s per symbol, the usual choice), mid and spread are emitted when the top
 * changes, and volatility and TVI are Flink sliding event-time windows (1 minute, sliding every second) with
 * incremental aggregates. It reads the same stored events as the Featurizer job (the same source), decoded into the
 * user's own POJOs.
 */
final class HandWrittenFlinkJob {
    private HandWrittenFlinkJob() {
    }

    /** What a user's own parser would produce: one market event of one symbol. */
    public static class MarketEvent {
        public String symbol;
        public boolean trade;
        public long tsMillis;
        public boolean buy;
        public double price;
        public double amount;
        public boolean snapshot;
        public double[] bidPrices;
        public double[] bidSizes;
        public double[] askPrices;
        public double[] askSizes;

        public MarketEvent() {
        }
    }

    /** Top of book after a change. */
    public static class Top {
        public String symbol;
        public long tsMillis;
        public double mid;
        public double spread;

        public Top() {
        }
    }

    /** Decodes the shared source's records into {@link MarketEvent}s (seeds and ends carry no market data for this job). */
    static final class Decode extends RichFlatMapFunction<SourceRecord, MarketEvent> {
        private final String configYaml;
        private transient FlinkPlan plan;

        Decode(String configYaml) {
            this.configYaml = configYaml;
        }

        @Override
        public void open(OpenContext context) {
            plan = FlinkPlan.of(io.featurizer.core.config.FeaturizerConfig.parse(configYaml, "bench.yaml"), 1);
        }

        @Override
        public void flatMap(SourceRecord r, Collector<MarketEvent> out) {
            if (r.kind != SourceRecord.EVENT) {
                return;
            }
            Event e = r.event;
            MarketEvent m = new MarketEvent();
            m.symbol = plan.sources().get(r.rank).params().getString("symbol", "");
            m.tsMillis = e.ts() / 1_000_000;
            if (e instanceof Trade t) {
                m.trade = true;
                m.buy = t.side() == Side.BUY;
                m.price = t.price();
                m.amount = t.amount();
            } else {
                BookUpdate b = (BookUpdate) e;
                m.snapshot = b.isSnapshot();
                m.bidPrices = java.util.Arrays.copyOf(b.getArray(BookUpdate.BID_PRICES), b.arrayLength(BookUpdate.BID_PRICES));
                m.bidSizes = java.util.Arrays.copyOf(b.getArray(BookUpdate.BID_SIZES), b.arrayLength(BookUpdate.BID_SIZES));
                m.askPrices = java.util.Arrays.copyOf(b.getArray(BookUpdate.ASK_PRICES), b.arrayLength(BookUpdate.ASK_PRICES));
                m.askSizes = java.util.Arrays.copyOf(b.getArray(BookUpdate.ASK_SIZES), b.arrayLength(BookUpdate.ASK_SIZES));
            }
            out.collect(m);
        }
    }

    /** The book per symbol in keyed state; emits mid and spread when the top changes. */
    static final class Book extends KeyedProcessFunction<String, MarketEvent, Top> {
        private transient ValueState<TreeMap<Double, Double>> bids;
        private transient ValueState<TreeMap<Double, Double>> asks;
        private transient ValueState<double[]> lastTop;

        @Override
        public void open(OpenContext context) {
            TypeInformation<TreeMap<Double, Double>> side = TypeInformation.of(new TypeHint<>() { });
            bids = getRuntimeContext().getState(new ValueStateDescriptor<>("bids", side));
            asks = getRuntimeContext().getState(new ValueStateDescriptor<>("asks", side));
            lastTop = getRuntimeContext().getState(new ValueStateDescriptor<>("top", double[].class));
        }

        @Override
        public void processElement(MarketEvent m, Context ctx, Collector<Top> out) throws Exception {
            TreeMap<Double, Double> b = bids.value();
            TreeMap<Double, Double> a = asks.value();
            if (b == null || m.snapshot) {
                b = new TreeMap<>();
                a = new TreeMap<>();
            }
            apply(b, m.bidPrices, m.bidSizes);
            apply(a, m.askPrices, m.askSizes);
            bids.update(b);
            asks.update(a);
            if (b.isEmpty() || a.isEmpty()) {
                return;
            }
            double bid = b.lastKey(), ask = a.firstKey();
            double[] top = lastTop.value();
            if (top != null && top[0] == bid && top[1] == ask) {
                return;
            }
            lastTop.update(new double[] {bid, ask});
            Top t = new Top();
            t.symbol = m.symbol;
            t.tsMillis = m.tsMillis;
            t.mid = (bid + ask) / 2;
            t.spread = (ask - bid) / t.mid;
            out.collect(t);
        }

        private static void apply(TreeMap<Double, Double> side, double[] prices, double[] sizes) {
            for (int i = 0; i < prices.length; i++) {
                if (sizes[i] == 0) {
                    side.remove(prices[i]);
                } else {
                    side.put(prices[i], sizes[i]);
                }
            }
        }
    }

    /** Standard deviation of mid over a window: count, sum, sum of squares. */
    static final class StdDev implements AggregateFunction<Top, double[], Double> {
        @Override
        public double[] createAccumulator() {
            return new double[3];
        }

        @Override
        public double[] add(Top t, double[] acc) {
            acc[0]++;
            acc[1] += t.mid;
            acc[2] += t.mid * t.mid;
            return acc;
        }

        @Override
        public Double getResult(double[] acc) {
            double mean = acc[1] / acc[0];
            return Math.sqrt(Math.max(0, acc[2] / acc[0] - mean * mean));
        }

        @Override
        public double[] merge(double[] a, double[] b) {
            return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
        }
    }

    /** Trade-volume imbalance over a window: (buy - sell) / (buy + sell) volume. */
    static final class Tvi implements AggregateFunction<MarketEvent, double[], Double> {
        @Override
        public double[] createAccumulator() {
            return new double[2];
        }

        @Override
        public double[] add(MarketEvent m, double[] acc) {
            acc[m.buy ? 0 : 1] += m.amount;
            return acc;
        }

        @Override
        public Double getResult(double[] acc) {
            double total = acc[0] + acc[1];
            return total == 0 ? 0 : (acc[0] - acc[1]) / total;
        }

        @Override
        public double[] merge(double[] a, double[] b) {
            return new double[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    /** The job over the shared source's records; returns the streams of results (spread, volatility and TVI), to be discarded. */
    static DataStream<?>[] build(DataStream<SourceRecord> records, String configYaml) {
        DataStream<MarketEvent> events = records.flatMap(new Decode(configYaml)).returns(MarketEvent.class)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<MarketEvent>forBoundedOutOfOrderness(Duration.ofMillis(100))
                        .withTimestampAssigner((m, t) -> m.tsMillis));
        DataStream<Top> tops = events.filter(m -> !m.trade).keyBy(m -> m.symbol).process(new Book()).returns(Top.class);
        DataStream<Double> volatility = tops.keyBy(t -> t.symbol)
                .window(SlidingEventTimeWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(1))).aggregate(new StdDev());
        DataStream<Double> tvi = events.filter(m -> m.trade).keyBy(m -> m.symbol)
                .window(SlidingEventTimeWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(1))).aggregate(new Tvi());
        return new DataStream<?>[] {tops, volatility, tvi};
    }
}
