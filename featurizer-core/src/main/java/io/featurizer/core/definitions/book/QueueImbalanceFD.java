package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

import static io.featurizer.core.definitions.L2SnapshotFD.ASK_SIZES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_SIZES;

/**
 * {@code book.queue_imbalance}: the queue imbalance of Gould and Bonart (2016),
 * (bid_size − ask_size) / (bid_size + ask_size) of the best levels, in [−1, 1]; NaN while a side is empty.
 */
public final class QueueImbalanceFD extends BookShapeFD {
    public static final Schema SCHEMA = Schema.ofDoubles("queue_imbalance", "queue_imbalance");
    static final Schema.DoubleField IMBALANCE = SCHEMA.doubleField("queue_imbalance");

    @Override
    public String name() {
        return "book.queue_imbalance";
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
            double bid = s.getArray(BID_SIZES)[0];
            double ask = s.getArray(ASK_SIZES)[0];
            IMBALANCE.set(out, (bid - ask) / (bid + ask));
        };
    }
}
