package io.featurizer.core.definitions;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.venue.VenueCapabilities;

import java.util.List;

/**
 * {@code derivative_ticker}: funding, open interest, mark, index and last price of one perpetual or
 * future ({@link DerivativeTicker}). Spot instruments and venues without derivatives are load errors.
 */
public final class DerivativeTickerSource extends DataSourceDefinition {
    @Override
    public String name() {
        return "derivative_ticker";
    }

    @Override
    public String channel() {
        return "derivative_ticker";
    }

    @Override
    public String displayName() {
        return "DerivativeTicker";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return VenueParams.DERIVATIVES;
    }

    @Override
    public Schema schema(Params params) {
        VenueCapabilities.checkDerivatives(name(), params);
        return DerivativeTicker.SCHEMA;
    }

    @Override
    public Event newEvent(Params params) {
        return new DerivativeTicker();
    }
}
