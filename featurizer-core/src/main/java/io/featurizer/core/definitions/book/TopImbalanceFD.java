package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

import static io.featurizer.core.definitions.L2SnapshotFD.ASK_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.ASK_SIZES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_PRICES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_SIZES;

/**
 * {@code book.top_imbalance}: the notional imbalance of the best levels,
 * (bid·bid_size − ask·ask_size) / (bid·bid_size + ask·ask_size), in [−1, 1]; NaN while a side is empty.
 * In quote currency rather than in size ({@code book.queue_imbalance}), so it compares money on each side.
 */
public final class TopImbalanceFD extends BookShapeFD {
    public static final Schema SCHEMA = Schema.ofDoubles("top_imbalance", "top_imbalance");
    static final Schema.DoubleField IMBALANCE = SCHEMA.doubleField("top_imbalance");

    @Override
    public String name() {
        return "book.top_imbalance";
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
        return (s, out) -> {
            if (!BookInput.twoSided(s)) {
                IMBALANCE.set(out, Double.NaN);
                return;
            }
            double bid = s.getArray(BID_PRICES)[0] * s.getArray(BID_SIZES)[0];
            double ask = s.getArray(ASK_PRICES)[0] * s.getArray(ASK_SIZES)[0];
            IMBALANCE.set(out, (bid - ask) / (bid + ask));
        };
    }
}
