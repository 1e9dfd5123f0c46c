package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * {@code cross.cross_venue_spread}: how far one venue's mid is above another's for the same symbol, in basis
 * points of their average: {@code (a − b) / ((a + b) / 2) × 10 000}, with a the first data source's mid and b
 * the second's; swapping the venues flips the sign. Both sources have the same symbol and instrument type on two
 * different exchanges (checked). Emits on every mid of either side once both have one (see {@link TwoMidsFD}).
 */
public final class CrossVenueSpreadFD extends TwoMidsFD {
    public static final Schema SCHEMA = Schema.ofDoubles("cross_venue_spread", "spread_bps");

    public CrossVenueSpreadFD() {
        super(SCHEMA, (a, b) -> (a - b) / ((a + b) / 2) * 10_000);
    }

    @Override
    public String name() {
        return "cross.cross_venue_spread";
    }

    @Override
    public void validateInputs(Params params, List<Feature> children) {
        Params a = leaf(children.get(0));
        Params b = leaf(children.get(1));
        String ea = a.getString(DataSourceDefinition.EXCHANGE, "");
        if (ea.equals(b.getString(DataSourceDefinition.EXCHANGE, ""))) {
            throw new IllegalArgumentException("cross.cross_venue_spread compares two exchanges, but both data sources are on " + ea);
        }
        for (String p : List.of(DataSourceDefinition.SYMBOL, DataSourceDefinition.INSTRUMENT_TYPE)) {
            if (!a.getString(p, "").equals(b.getString(p, ""))) {
                throw new IllegalArgumentException("cross.cross_venue_spread compares the same instrument on two exchanges, but got "
                        + describe(a) + " and " + describe(b));
            }
        }
    }
}
