package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;

/**
 * A bar that closes on a trade, by a {@link BarRule}: the trade joins the open bar whole (never split), and when the
 * rule says the bar is complete it is emitted at once, timed at that trade's exchange and receipt times, and the
 * next trade opens a new bar. O(1) per trade, nothing allocated.
 */
final class ThresholdBarOperator extends StatefulOperator {
    private final BarAggregator bars = new BarAggregator();
    private final BarAggregator.Ohlcv open = state.add(bars.create());
    private final BarRule rule;
    private final FeatureEvent out;

    ThresholdBarOperator(Schema schema, BarRule rule) {
        this.rule = state.add(rule);
        this.out = new FeatureEvent(schema);
    }

    @Override
    public boolean ownsOutputs() {
        return true; // out is only written right before it is emitted again
    }

    @Override
    public void onEvent(int input, Event event, Emitter emitter) {
        Trade t = (Trade) event;
        BarAggregator.add(open, t.price(), t.amount());
        if (rule.closes(t.price(), t.amount(), t.isBuy(), open)) {
            bars.finish(open, out);
            out.setTimes(t.ts(), t.receiptTs());
            rule.reset(open);
            bars.clear(open);
            emitter.emit(out);
        }
    }
}
