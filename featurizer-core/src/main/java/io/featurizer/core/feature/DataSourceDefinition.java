package io.featurizer.core.feature;

import io.featurizer.core.event.Event;

/**
 * A leaf of the feature graph: a channel of market data from one venue, identified by the params
 * {@code exchange}, {@code instrument_type} and {@code symbol} plus the definition's {@link #channel()}.
 */
public abstract class DataSourceDefinition implements DataDefinition {
    public static final String EXCHANGE = "exchange";
    public static final String INSTRUMENT_TYPE = "instrument_type";
    public static final String SYMBOL = "symbol";

    /** The normalized channel name: {@code l2_book}, {@code trades}, {@code ticker}, or a synthetic source's name. */
    public abstract String channel();

    /** A fresh, empty event of this source's type, for decoding and buffering. */
    public abstract Event newEvent(Params params);

    /**
     * True when this source is a venue's market data, so a config's {@code exchange},
     * {@code instrument_type} and venue options are checked against the known venues; false for
     * generated data (synthetic sources).
     */
    public boolean fromVenue() {
        return true;
    }
}
