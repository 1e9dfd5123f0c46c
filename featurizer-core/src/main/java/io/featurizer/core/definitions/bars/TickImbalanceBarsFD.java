package io.featurizer.core.definitions.bars;

import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * {@code bars.tick_imbalance}: López de Prado's tick imbalance bars (AFML 2.3.2.1). Each trade gets a sign b (the tick
 * rule: the sign of the price change, the previous sign when unchanged, 0 before any change; or the taker side); a
 * bar closes at the first trade where |θ| = |Σ b over the bar| reaches max(1, E[T]·|E[b]|), the threshold fixed when the
 * bar opens. The first bar is {@code initial_ticks} trades long and seeds E[T] with its length and E[b] with its θ/T;
 * after each bar both move by an EWMA of span {@code span} bars (α = 2/(span+1)) towards that bar's T and θ/T.
 */
public final class TickImbalanceBarsFD extends ThresholdBarsFD {
    static final ParamSpec INITIAL_TICKS = positiveInteger("initial_ticks", "length of the first bar (trades), the initial E[T]").withDefault(100);
    static final ParamSpec SPAN = positiveInteger("span", "EWMA span in bars of E[T] and E[b]: alpha = 2/(span+1)").withDefault(20);
    static final ParamSpec SIGN = ParamSpec.oneOf("sign", "a trade's sign: the tick rule (López de Prado) or the taker side",
            "tick_rule", "taker_side").withDefault("tick_rule");

    @Override
    public String name() {
        return "bars.tick_imbalance";
    }

    @Override
    List<ParamSpec> ruleParams() {
        return List.of(INITIAL_TICKS, SPAN, SIGN);
    }

    @Override
    BarRule rule(Params params) {
        return new Imbalance(INITIAL_TICKS.longValue(params), 2.0 / (SPAN.longValue(params) + 1), SIGN.is(params, "tick_rule"));
    }

    /** The running imbalance of the open bar and the expectations that set the next threshold. */
    static final class Imbalance implements BarRule {
        private final long initialTicks;
        private final double alpha;
        private final boolean tickRule;
        private double lastPrice = Double.NaN; // tick rule: the previous trade's price
        private int lastSign; // tick rule: the previous trade's sign
        private long theta; // Σ b over the open bar
        private boolean seeded; // the first bar has closed
        private double expectedTicks; // E[T]
        private double expectedSign; // E[b]
        private double threshold;

        Imbalance(long initialTicks, double alpha, boolean tickRule) {
            this.initialTicks = initialTicks;
            this.alpha = alpha;
            this.tickRule = tickRule;
        }

        @Override
        public boolean closes(double price, double amount, boolean buy, BarAggregator.Ohlcv bar) {
            theta += sign(price, buy);
            return seeded ? Math.abs(theta) >= threshold : bar.trades() >= initialTicks;
        }

        private int sign(double price, boolean buy) {
            if (!tickRule) {
                return buy ? 1 : -1;
            }
            if (price > lastPrice) {
                lastSign = 1;
            } else if (price < lastPrice) {
                lastSign = -1;
            } // unchanged (or the first trade, against NaN): the previous sign
            lastPrice = price;
            return lastSign;
        }

        @Override
        public void reset(BarAggregator.Ohlcv closed) {
            double ticks = closed.trades();
            double meanSign = theta / ticks;
            if (seeded) {
                expectedTicks += alpha * (ticks - expectedTicks);
                expectedSign += alpha * (meanSign - expectedSign);
            } else {
                expectedTicks = ticks;
                expectedSign = meanSign;
                seeded = true;
            }
            threshold = Math.max(1.0, expectedTicks * Math.abs(expectedSign));
            theta = 0;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeDouble(lastPrice);
            out.writeInt(lastSign);
            out.writeLong(theta);
            out.writeBoolean(seeded);
            out.writeDouble(expectedTicks);
            out.writeDouble(expectedSign);
            out.writeDouble(threshold);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            lastPrice = in.readDouble();
            lastSign = in.readInt();
            theta = in.readLong();
            seeded = in.readBoolean();
            expectedTicks = in.readDouble();
            expectedSign = in.readDouble();
            threshold = in.readDouble();
        }
    }
}
