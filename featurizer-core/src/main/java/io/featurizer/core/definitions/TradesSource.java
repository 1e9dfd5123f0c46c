package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/** {@code trades}: normalized public trades from one venue and symbol. */
public final class TradesSource extends DataSourceDefinition {
    @Override
    public String name() {
        return "trades";
    }

    @Override
    public String channel() {
        return "trades";
    }

    @Override
    public String displayName() {
        return "Trades";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return VenueParams.IDENTITY;
    }

    @Override
    public Schema schema(Params params) {
        return Trade.SCHEMA;
    }

    @Override
    public Event newEvent(Params params) {
        return new Trade();
    }
}
