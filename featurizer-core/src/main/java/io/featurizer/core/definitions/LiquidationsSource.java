package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.venue.VenueCapabilities;

import java.util.List;

/**
 * {@code liquidations}: forced liquidations of one perpetual or future ({@link Liquidation}). Spot
 * instruments and venues without derivatives are load errors.
 */
public final class LiquidationsSource extends DataSourceDefinition {
    @Override
    public String name() {
        return "liquidations";
    }

    @Override
    public String channel() {
        return "liquidations";
    }

    @Override
    public String displayName() {
        return "Liquidations";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return VenueParams.DERIVATIVES;
    }

    @Override
    public Schema schema(Params params) {
        VenueCapabilities.checkDerivatives(name(), params);
        return Liquidation.SCHEMA;
    }

    @Override
    public Event newEvent(Params params) {
        return new Liquidation();
    }
}
