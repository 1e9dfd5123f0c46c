package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * {@code cross.basis}: the premium of a perpetual (or futures) over spot, in basis points:
 * {@code (perp_mid − spot_mid) / spot_mid × 10 000}. Data sources: the perpetual or futures first, the spot
 * second (checked). Emits on every mid of either side once both have one (see {@link TwoMidsFD}).
 */
public final class BasisFD extends TwoMidsFD {
    public static final Schema SCHEMA = Schema.ofDoubles("basis", "basis_bps");

    public BasisFD() {
        super(SCHEMA, (perp, spot) -> (perp - spot) / spot * 10_000);
    }

    @Override
    public String name() {
        return "cross.basis";
    }

    @Override
    public void validateInputs(Params params, List<Feature> children) {
        Params derivative = leaf(children.get(0));
        Params spot = leaf(children.get(1));
        String t0 = derivative.getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
        String t1 = spot.getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
        if (!t0.equals("perpetual") && !t0.equals("futures")) {
            throw new IllegalArgumentException("cross.basis: the first data_source is the perpetual (or futures), got " + describe(derivative));
        }
        if (!t1.equals("spot")) {
            throw new IllegalArgumentException("cross.basis: the second data_source is the spot, got " + describe(spot));
        }
    }
}
