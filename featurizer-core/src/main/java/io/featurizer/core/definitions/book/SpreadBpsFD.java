package io.featurizer.core.definitions.book;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/** {@code book.spread_bps}: (ask − bid) / mid × 10 000, mid = (bid + ask) / 2; NaN while a side is empty. */
public final class SpreadBpsFD extends BookShapeFD {
    public static final Schema SCHEMA = Schema.ofDoubles("spread_bps", "spread_bps");
    static final Schema.DoubleField SPREAD = SCHEMA.doubleField("spread_bps");

    @Override
    public String name() {
        return "book.spread_bps";
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
            double bid = L2SnapshotFD.bestBid(s);
            double ask = L2SnapshotFD.bestAsk(s);
            SPREAD.set(out, (ask - bid) / ((bid + ask) / 2) * 10_000); // NaN when either is
        };
    }
}
