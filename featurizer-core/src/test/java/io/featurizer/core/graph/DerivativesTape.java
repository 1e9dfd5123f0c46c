package io.featurizer.core.graph;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.core.feature.Feature;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/** Derivative tickers and liquidations mixed into a test tape, each at the time of the input before it. */
final class DerivativesTape {
    private DerivativesTape() {
    }

    /** {@code tape} with a ticker after about every 20th input and a liquidation after about every 30th; {@code input} wraps (source, event). */
    static <I> List<I> mixIn(List<I> tape, java.util.function.Function<I, Event> eventOf, Feature ticker, Feature liquidations, long seed,
                             BiFunction<Feature, Event, I> input) {
        SplittableRandom r = new SplittableRandom(seed);
        List<I> out = new ArrayList<>(tape.size() + tape.size() / 10);
        double oi = 10_000;
        for (I in : tape) {
            out.add(in);
            Event e = eventOf.apply(in);
            long ts = e.ts();
            long receipt = e.receiptTs();
            if (r.nextInt(20) == 0) {
                oi += r.nextInt(201) - 100;
                double index = 30_000 + r.nextInt(1_000);
                out.add(input.apply(ticker, new DerivativeTicker().set(ts, receipt, r.nextInt(5) * 0.00005, r.nextInt(4) * 0.00005,
                        ts + 3_600_000_000_000L, r.nextInt(10) == 0 ? Double.NaN : oi, index + r.nextInt(21) - 10, index, index + r.nextInt(5))));
            }
            if (r.nextInt(30) == 0) {
                out.add(input.apply(liquidations, new Liquidation().set(ts, receipt, r.nextBoolean() ? Side.BUY : Side.SELL,
                        30_000 + r.nextInt(1_000), r.nextInt(1_000) / 100.0, r.nextLong())));
            }
        }
        return out;
    }
}
