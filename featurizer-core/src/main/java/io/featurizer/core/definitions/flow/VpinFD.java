package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.DepSchemas;
import io.featurizer.core.definitions.RollingExactSum;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState.DoubleCell;

import java.util.List;

/**
 * {@code flow.vpin}: volume-synchronized probability of informed trading (Easley, López de Prado & O'Hara 2012):
 * trades fill consecutive buckets of {@code bucket_volume} (base units) each, and {@code VPIN = Σ|V_sell − V_buy| / (n·V)}
 * over the last n = {@code buckets} completed buckets. Sides come from the taker (aggressor) flag of each trade, not
 * from bulk volume classification. A trade that overflows a bucket is split: the part that fills it goes to it, the
 * rest to the next buckets (a trade can complete several). One value per completed bucket, timed at the trade that
 * completed it; none before n buckets have completed. Bucket boundaries depend on all the volume traded since the start
 * of the stream, so the lookback is the whole history.
 */
public final class VpinFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("vpin", "vpin");
    static final Schema.DoubleField VPIN = SCHEMA.doubleField("vpin");

    static final ParamSpec BUCKET_VOLUME = ParamSpec.number("bucket_volume", "V: the base volume of each bucket").required()
            .rule(v -> Double.parseDouble(v.toString()) > 0, "a volume > 0 (base units)");
    static final ParamSpec BUCKETS = ParamSpec.integer("buckets", "n: completed buckets in the window").withDefault(50L)
            .rule(v -> {
                long n = Long.parseLong(v.toString().trim());
                return n >= 1 && n <= 1_000_000;
            }, "a number of buckets from 1 to 1000000");
    private static final List<ParamSpec> PARAMS = List.of(BUCKET_VOLUME, BUCKETS, DepSchemas.TRADES);

    @Override
    public String name() {
        return "flow.vpin";
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
    public List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    @Override
    public long lookbackNanos(Params params) {
        return WHOLE_HISTORY;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new Operator(BUCKET_VOLUME.doubleValue(ctx.params()), BUCKETS.intValue(ctx.params()), ctx.newOutput());
    }

    /** The open bucket's buy and sell volume, and the exact rolling sum of the completed buckets' |sell − buy|. */
    static final class Operator extends StatefulOperator {
        private final double bucketVolume;
        private final FeatureEvent out;
        private final DoubleCell buy = state.doubleCell();
        private final DoubleCell sell = state.doubleCell();
        private final RollingExactSum imbalances;

        Operator(double bucketVolume, int buckets, FeatureEvent out) {
            this.bucketVolume = bucketVolume;
            this.out = out;
            this.imbalances = state.add(new RollingExactSum(buckets, 1));
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            Trade t = (Trade) event;
            DoubleCell side = t.isBuy() ? buy : sell;
            double left = t.amount();
            while (left > 0) {
                double room = Math.max(0, bucketVolume - (buy.get() + sell.get())); // 0 only by rounding: the bucket is full
                if (left < room) {
                    side.set(side.get() + left);
                    return;
                }
                side.set(side.get() + room); // the part that fills the bucket; the rest goes on to the next
                left -= room;
                complete(t, emitter);
            }
        }

        private void complete(Trade t, Emitter emitter) {
            imbalances.push(Math.abs(sell.get() - buy.get()), true);
            buy.set(0);
            sell.set(0);
            if (imbalances.full()) {
                VPIN.set(out, imbalances.sum() / (imbalances.size() * bucketVolume));
                out.setTimes(t.ts(), t.receiptTs());
                emitter.emit(out);
            }
        }
    }
}
