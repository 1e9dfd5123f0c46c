package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;

/** {@code spread.relative_bid_ask_spread_fd}: 2·|bid − ask| / (bid + ask), from the L2 snapshot (default) or the ticker. */
public final class RelativeBidAskSpreadFD extends TopOfBookFD {
    public static final Schema SCHEMA = Schema.ofDoubles("relative_bid_ask_spread", "spread");

    public RelativeBidAskSpreadFD() {
        super(SCHEMA, (bid, ask) -> 2 * Math.abs(bid - ask) / (bid + ask));
    }

    @Override
    public String name() {
        return "spread.relative_bid_ask_spread_fd";
    }
}
