package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.DepSchemas;
import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.StatefulOperator;

import java.util.List;

/**
 * A statistic of the trades in a sliding time {@code window} (default 1m): at a trade with time t, the trades with
 * {@code t − window ≤ ts ≤ t} (ties at t included, a trade exactly {@code window} old included), one value per trade,
 * timed like it.
 */
abstract class TradeWindowFD extends WindowedFD {
    private static final List<ParamSpec> PARAMS = List.of(windowParam("the sliding time window; also the lookback"), DepSchemas.TRADES);
    private final Schema schema;

    TradeWindowFD(Schema schema) {
        this.schema = schema;
    }

    /** The aggregator of one feature instance over a window of {@code windowNanos}. */
    abstract TradeSums aggregator(long windowNanos);

    @Override
    public final List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    protected final Schema windowedSchema(Params params) {
        return schema;
    }

    @Override
    public final List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    /**
     * A reader of the graph's one window over these trades and this window length ({@link SharedTradeWindow}). The five
     * trade-flow features of feature-costs-30.yaml in one window instead of five: the 30 features together 548-582 →
     * 528-564 ns per input (FeatureCosts).
     */
    @Override
    public final FeatureOperator createOperator(OperatorContext ctx) {
        long window = window(ctx.params());
        TradeSums sums = aggregator(window);
        String key = "trade_window:" + ctx.feature().children().get(0).key() + ":" + window;
        SharedTradeWindow shared = ctx.<SharedTradeWindow>shared(key, () -> new SharedTradeWindow(window)).addReader(sums);
        return new Reader(shared, sums, ctx.newOutput());
    }

    /** One feature's output from the shared window: its own finish of the window's sums, at every trade. */
    private static final class Reader extends StatefulOperator {
        private final SharedTradeWindow window;
        private final TradeSums sums;
        private final FeatureEvent out;

        Reader(SharedTradeWindow window, TradeSums sums, FeatureEvent out) {
            this.window = state.add(window);
            this.sums = sums;
            this.out = out;
        }

        @Override
        public void onEvent(int input, Event trade, Emitter emitter) {
            if (sums.finish(window.apply(trade), out)) {
                out.setTimes(trade.ts(), trade.receiptTs());
                emitter.emit(out);
            }
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }
    }
}
