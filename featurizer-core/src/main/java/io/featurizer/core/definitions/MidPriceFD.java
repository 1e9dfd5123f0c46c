package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;

/** {@code price.mid_price_fd}: (best bid + best ask) / 2, from the L2 snapshot (default) or the ticker. */
public final class MidPriceFD extends TopOfBookFD {
    public static final Schema SCHEMA = Schema.ofDoubles("mid_price", "mid_price");
    public static final Schema.DoubleField MID = SCHEMA.doubleField("mid_price");

    public MidPriceFD() {
        super(SCHEMA, (bid, ask) -> (bid + ask) / 2);
    }

    @Override
    public String name() {
        return "price.mid_price_fd";
    }
}
