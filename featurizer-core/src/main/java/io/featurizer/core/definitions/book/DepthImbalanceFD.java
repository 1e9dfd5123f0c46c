package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

import static io.featurizer.core.definitions.L2SnapshotFD.ASK_SIZES;
import static io.featurizer.core.definitions.L2SnapshotFD.BID_SIZES;

/**
 * {@code book.depth_imbalance}: Σ w_l (B_l − A_l) / Σ w_l (B_l + A_l) over the best {@code depth} levels
 * per side, with sizes B_l, A_l at level l (1 = best) and weights w_l = e^{−decay·(l−1)} (decay 0: the plain
 * N-level imbalance). A side with fewer levels adds nothing for the missing ones; NaN while a side is empty.
 */
public final class DepthImbalanceFD extends BookShapeFD {
    public static final Schema SCHEMA = Schema.ofDoubles("depth_imbalance", "depth_imbalance");
    static final Schema.DoubleField IMBALANCE = SCHEMA.doubleField("depth_imbalance");

    static final ParamSpec DEPTH = BookInput.depth("levels per side summed, best first", 5);
    static final ParamSpec DECAY = ParamSpec.number("decay", "level l weighs e^(-decay·(l-1)); 0 weighs every level alike")
            .withDefault(0.0).rule(v -> {
                double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
                return d >= 0 && Double.isFinite(d);
            }, "a number >= 0");
    private static final List<ParamSpec> PARAMS = List.of(DEPTH, DECAY);

    @Override
    public String name() {
        return "book.depth_imbalance";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    int depthRead(Params params) {
        return DEPTH.intValue(params);
    }

    @Override
    BookShape shape(Params params) {
        double[] weights = new double[DEPTH.intValue(params)]; // once, not an exp per level and event
        double decay = DECAY.doubleValue(params);
        for (int l = 0; l < weights.length; l++) {
            weights[l] = Math.exp(-decay * l);
        }
        return (s, out) -> {
            int nb = Math.min(weights.length, s.arrayLength(BID_SIZES));
            int na = Math.min(weights.length, s.arrayLength(ASK_SIZES));
            if (nb == 0 || na == 0) {
                IMBALANCE.set(out, Double.NaN);
                return;
            }
            double bid = weighted(s.getArray(BID_SIZES), nb, weights);
            double ask = weighted(s.getArray(ASK_SIZES), na, weights);
            IMBALANCE.set(out, (bid - ask) / (bid + ask));
        };
    }

    private static double weighted(double[] sizes, int n, double[] weights) {
        double sum = 0;
        for (int l = 0; l < n; l++) {
            sum += weights[l] * sizes[l];
        }
        return sum;
    }
}
