package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Params;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code synthetic.synthetic_sine_mid_price}: a mid price {@code amplitude·sin(2π·freq·t) + mean}
 * sampled every {@code step} seconds (t in seconds since the epoch, as in the original), for tests
 * and demos. Params: {@code step} (seconds or a duration, default 1), {@code amplitude},
 * {@code mean}, {@code freq} (Hz).
 */
public final class SyntheticSineMidPrice extends DataSourceDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("synthetic_sine_mid_price", "mid_price");

    @Override
    public String name() {
        return "synthetic.synthetic_sine_mid_price";
    }

    @Override
    public String channel() {
        return "synthetic_sine_mid_price";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return Map.of("step", 1L);
    }

    @Override
    public Schema schema(Params params) {
        stepNanos(params);
        params.requireDouble("amplitude");
        params.requireDouble("mean");
        if (params.requireDouble("freq") <= 0) {
            throw new IllegalArgumentException("param 'freq' must be > 0 (Hz)");
        }
        return SCHEMA;
    }

    /** The sampling step in ns ({@code step} in seconds, or a duration string). */
    public static long stepNanos(Params params) {
        Object step = params.get("step");
        if (step instanceof Number n) {
            long nanos = Math.round(n.doubleValue() * 1e9);
            if (nanos <= 0) {
                throw new IllegalArgumentException("param 'step' must be > 0 seconds");
            }
            return nanos;
        }
        return params.getDurationNanos("step", "1s");
    }

    @Override
    public Event newEvent(Params params) {
        return new FeatureEvent(SCHEMA);
    }

    /**
     * The value at time {@code tsNanos}. The phase frac(freq·t) is computed exactly in decimal (freq as
     * written, e.g. 0.1 is exactly 1/10), so it stays exact far from the epoch. Allocates: a test and
     * demo source, not a hot path.
     */
    public static double valueAt(Params params, long tsNanos) {
        BigDecimal cycles = BigDecimal.valueOf(params.requireDouble("freq")).multiply(BigDecimal.valueOf(tsNanos)).movePointLeft(9);
        double phase = cycles.subtract(cycles.setScale(0, RoundingMode.FLOOR)).doubleValue();
        return params.requireDouble("amplitude") * Math.sin(2 * Math.PI * phase) + params.requireDouble("mean");
    }

    /** Emits the events of {@code [startNanos, endNanos]} on the step grid (a reused view). */
    public static void generate(Params params, long startNanos, long endNanos, Consumer<Event> sink) {
        long step = stepNanos(params);
        FeatureEvent e = new FeatureEvent(SCHEMA);
        long first = Math.floorDiv(startNanos + step - 1, step) * step;
        for (long t = first; t <= endNanos; t += step) {
            e.setTimes(t, t);
            e.set(0, valueAt(params, t));
            sink.accept(e);
        }
    }
}
