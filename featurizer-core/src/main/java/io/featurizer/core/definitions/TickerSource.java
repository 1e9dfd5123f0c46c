package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/** {@code ticker}: best bid/ask quotes from one venue and symbol. */
public final class TickerSource extends DataSourceDefinition {
    @Override
    public String name() {
        return "ticker";
    }

    @Override
    public String channel() {
        return "ticker";
    }

    @Override
    public String displayName() {
        return "Ticker";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return VenueParams.IDENTITY;
    }

    @Override
    public Schema schema(Params params) {
        return Quote.SCHEMA;
    }

    @Override
    public Event newEvent(Params params) {
        return new Quote();
    }
}
