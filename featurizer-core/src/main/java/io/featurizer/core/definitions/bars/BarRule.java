package io.featurizer.core.definitions.bars;

import io.featurizer.core.state.Snapshottable;

/**
 * When a threshold bar closes: told of each trade after it joined the bar, says whether the bar is now complete.
 * Its state (progress towards the threshold, running expectations) snapshots with the operator.
 */
interface BarRule extends Snapshottable {
    /** The trade (already added to {@code bar}) and the bar so far; true closes the bar with this trade. */
    boolean closes(double price, double amount, boolean buy, BarAggregator.Ohlcv bar);

    /** The bar just closed; the next trade starts a new one. */
    void reset(BarAggregator.Ohlcv closed);
}
