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
 * {@code book.depth_within_bps}: the size resting within {@code bps} basis points of the mid: bids with
 * mid − price ≤ mid·bps/10 000, asks with price − mid ≤ mid·bps/10 000 (bounds included), and their total.
 * Only the levels the snapshot shows count (its {@code depth}; -1 for the whole book). NaN while a side
 * is empty (no mid).
 */
public final class DepthWithinBpsFD extends BookShapeFD {
    public static final Schema SCHEMA = Schema.ofDoubles("depth_within_bps", "bid_depth", "ask_depth", "total_depth");
    static final Schema.DoubleField BID = SCHEMA.doubleField("bid_depth");
    static final Schema.DoubleField ASK = SCHEMA.doubleField("ask_depth");
    static final Schema.DoubleField TOTAL = SCHEMA.doubleField("total_depth");

    static final ParamSpec BPS = ParamSpec.number("bps", "the band around the mid, in basis points of the mid").withDefault(10.0)
            .rule(v -> {
                double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
                return d > 0 && Double.isFinite(d);
            }, "a positive number of basis points");

    @Override
    public String name() {
        return "book.depth_within_bps";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(BPS);
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    int depthRead(Params params) {
        return 0; // whatever the snapshot shows
    }

    @Override
    BookShape shape(Params params) {
        double bps = BPS.doubleValue(params);
        return (s, out) -> {
            if (!BookInput.twoSided(s)) {
                BID.set(out, Double.NaN);
                ASK.set(out, Double.NaN);
                TOTAL.set(out, Double.NaN);
                return;
            }
            double mid = (s.getArray(BID_PRICES)[0] + s.getArray(ASK_PRICES)[0]) / 2;
            double band = mid * bps / 10_000; // in this order: exact for round mids and bps
            double bid = within(s, BID_PRICES, BID_SIZES, mid, band, -1);
            double ask = within(s, ASK_PRICES, ASK_SIZES, mid, band, 1);
            BID.set(out, bid);
            ASK.set(out, ask);
            TOTAL.set(out, bid + ask);
        };
    }

    /** Size of the side's levels within the band; levels are best first, so the scan stops at the first outside. */
    private static double within(Event s, Schema.ArrayField priceField, Schema.ArrayField sizeField, double mid, double band, int direction) {
        double[] prices = s.getArray(priceField);
        double[] sizes = s.getArray(sizeField);
        int n = s.arrayLength(priceField);
        double sum = 0;
        for (int l = 0; l < n && direction * (prices[l] - mid) <= band; l++) {
            sum += sizes[l];
        }
        return sum;
    }
}
