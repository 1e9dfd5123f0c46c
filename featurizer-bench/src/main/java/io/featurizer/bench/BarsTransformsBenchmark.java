package io.featurizer.bench;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.synthetic.SyntheticMarket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ns per input of one bar, range-volatility or transform operator alone: its input events (trades, bars, or mid
 * prices) are made once, then pushed straight into the operator round and round, each pass shifted in time so the
 * windows never see time go back. One operation = one input.
 *
 * <pre>java -jar featurizer-bench/target/featurizer-bench.jar BarsTransformsBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class BarsTransformsBenchmark {
    public static final int BATCH = 1024;
    private static final int TAPE = 1 << 16;

    @Param({"bars.time", "bars.tick", "bars.volume", "bars.dollar", "bars.tick_imbalance",
            "returns.parkinson", "returns.garman_klass", "returns.yang_zhang",
            "transforms.ewma", "transforms.zscore", "transforms.minmax", "transforms.quantile",
            "transforms.lag", "transforms.pct_change", "transforms.clip"})
    public String definition;

    private FeatureOperator operator;
    private Event[] inputs;
    private long span;
    private int position;
    private double sink;
    private final Emitter emitter = e -> sink += e.getDouble(0);

    @Setup(Level.Trial)
    public void setUp() {
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        Feature tickBars = Features.feature("bars.tick", Map.of("ticks", 50), trades);
        Feature mid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of(),
                Features.l2Book("BINANCE", "spot", "BTC-USDT")));
        Feature f = switch (definition) {
            case "bars.time" -> Features.feature(definition, Map.of("window", "1s"), trades);
            case "bars.tick" -> tickBars;
            case "bars.volume" -> Features.feature(definition, Map.of("volume", 10), trades);
            case "bars.dollar" -> Features.feature(definition, Map.of("notional", 300_000), trades);
            case "bars.tick_imbalance" -> Features.feature(definition, Map.of(), trades);
            case "returns.parkinson", "returns.garman_klass", "returns.yang_zhang" -> Features.feature(definition, Map.of("bars", 20), tickBars);
            case "transforms.ewma" -> Features.feature(definition, Map.of("half_life", "10s"), mid);
            case "transforms.lag" -> Features.feature(definition, Map.of("delay", "10s"), mid);
            case "transforms.pct_change" -> Features.feature(definition, Map.of(), mid);
            case "transforms.clip" -> Features.feature(definition, Map.of("lo", 29_000, "hi", 31_000), mid);
            default -> Features.feature(definition, Map.of("window", "1m"), mid); // zscore, minmax, quantile over 1 minute
        };
        operator = ((FeatureDefinition) f.definition()).createOperator(OperatorContext.of(f));
        inputs = definition.startsWith("bars.") ? trades() : definition.startsWith("returns.") ? bars(tickBars) : mids(mid);
        span = inputs[inputs.length - 1].ts() - inputs[0].ts() + 1_000_000L;
        for (int i = 0; i < 4 * TAPE; i++) {
            push(); // fill every window and ring before JMH's warm-up
        }
    }

    /** Trades of the synthetic market (about 30 000 USDT, amounts around 0.5). */
    private static Event[] trades() {
        SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(0, 1000, 0));
        Event[] out = new Event[TAPE];
        for (int i = 0; i < TAPE; ) {
            if (m.next() == SyntheticMarket.Channel.TRADES) {
                out[i++] = m.event().copy();
            }
        }
        return out;
    }

    /** Tick bars of those trades. */
    private static Event[] bars(Feature tickBars) {
        FeatureOperator bars = ((FeatureDefinition) tickBars.definition()).createOperator(OperatorContext.of(tickBars));
        Event[] out = new Event[TAPE];
        int[] n = {0};
        SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(0, 1000, 0));
        while (n[0] < TAPE) {
            if (m.next() == SyntheticMarket.Channel.TRADES) {
                bars.onEvent(0, m.event(), e -> out[n[0]++] = e.copy());
            }
        }
        return out;
    }

    /** Mid prices: a random walk on a 0.01 grid, 100 per second on average. */
    private static Event[] mids(Feature mid) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        Event[] out = new Event[TAPE];
        long ticks = 3_000_000; // 30 000.00 in 0.01 ticks: a price is the same double whenever it returns, as parsed from a feed
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < TAPE; i++) {
            ticks += r.nextInt(3) - 1;
            double price = ticks / 100.0;
            t += 1 + r.nextInt(20_000_000);
            FeatureEvent e = new FeatureEvent(mid.schema());
            e.setTimes(t, t);
            e.set(0, price);
            out[i] = e;
        }
        return out;
    }

    private void push() {
        if (position == TAPE) {
            position = 0;
            for (Event e : inputs) { // the next pass, later in time
                e.setTimes(e.ts() + span, e.receiptTs() + span);
            }
        }
        operator.onEvent(0, inputs[position++], emitter);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double pushInputs() {
        for (int i = 0; i < BATCH; i++) {
            push();
        }
        return sink;
    }
}
