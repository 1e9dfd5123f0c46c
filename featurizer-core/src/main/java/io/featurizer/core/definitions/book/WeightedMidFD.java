package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

import static io.featurizer.core.definitions.L2SnapshotFD.ASK_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.ASK_SIZES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_SIZES;

/**
 * {@code book.weighted_mid}: the size-weighted mid (bid·ask_size + ask·bid_size) / (bid_size + ask_size),
 * which leans towards the side with the smaller queue; NaN while a side is empty.
 */
public final class WeightedMidFD extends BookShapeFD {
    public static final Schema SCHEMA = Schema.ofDoubles("weighted_mid", "weighted_mid");
    static final Schema.DoubleField MID = SCHEMA.doubleField("weighted_mid");

    @Override
    public String name() {
        return "book.weighted_mid";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of();
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    BookShape shape(Params params) {
        return (s, out) -> MID.set(out, BookInput.twoSided(s) ? weightedMid(s) : Double.NaN);
    }

    private static double weightedMid(Event s) {
        double bid = s.getArray(BID_PRICES)[0];
        double bidSize = s.getArray(BID_SIZES)[0];
        double ask = s.getArray(ASK_PRICES)[0];
        double askSize = s.getArray(ASK_SIZES)[0];
        return (bid * askSize + ask * bidSize) / (bidSize + askSize);
    }
}
