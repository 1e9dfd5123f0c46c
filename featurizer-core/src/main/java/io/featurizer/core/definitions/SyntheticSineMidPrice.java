package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.venue.VenueCapabilities;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code synthetic.synthetic_sine_mid_price}: a mid price {@code amplitude·sin(2π·freq·t) + mean}
 * sampled every {@code step} seconds (t in seconds since the epoch, as in the original), for tests
 * and demos. Params: {@code step} (seconds or a duration, default 1), {@code amplitude},
 * {@code mean}, {@code freq} (Hz).
 */
public final class SyntheticSineMidPrice extends DataSourceDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("synthetic_sine_mid_price", "mid_price");
    public static final Schema.DoubleField MID = SCHEMA.doubleField("mid_price");

    @Override
    public String name() {
        return "synthetic.synthetic_sine_mid_price";
    }

    @Override
    public String channel() {
        return "synthetic_sine_mid_price";
    }

    static final ParamSpec STEP = ParamSpec.duration("step", "sampling step: seconds or a duration").withDefault(1L).orSeconds();
    static final ParamSpec AMPLITUDE = ParamSpec.number("amplitude", "amplitude of the sine").required();
    static final ParamSpec MEAN = ParamSpec.number("mean", "the value the sine oscillates around").required();
    static final ParamSpec FREQ = ParamSpec.number("freq", "frequency in Hz").required()
            .rule(v -> Double.parseDouble(v.toString()) > 0, "a frequency > 0 (Hz)");
    private static final List<ParamSpec> PARAMS = List.of(STEP, AMPLITUDE, MEAN, FREQ,
            ParamSpec.string(EXCHANGE, "optional: names the source like a venue's"),
            ParamSpec.oneOf(INSTRUMENT_TYPE, "optional, as for a venue", VenueCapabilities.INSTRUMENT_TYPES.toArray(new String[0])),
            ParamSpec.string(SYMBOL, "optional, as for a venue").rule(v -> VenueCapabilities.isSafeSymbol(v.toString()), VenueCapabilities.SYMBOL_EXPECTED));

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    /** Generated, not a venue's feed: exchange and symbol only name it. */
    @Override
    public boolean fromVenue() {
        return false;
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    /** The sampling step in ns ({@code step} in seconds, or a duration string). */
    public static long stepNanos(Params params) {
        return STEP.nanos(params);
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
        BigDecimal cycles = BigDecimal.valueOf(FREQ.doubleValue(params)).multiply(BigDecimal.valueOf(tsNanos)).movePointLeft(9);
        double phase = cycles.subtract(cycles.setScale(0, RoundingMode.FLOOR)).doubleValue();
        return AMPLITUDE.doubleValue(params) * Math.sin(2 * Math.PI * phase) + MEAN.doubleValue(params);
    }

    /** Emits the events of {@code [startNanos, endNanos]} on the step grid (a reused view). */
    public static void generate(Params params, long startNanos, long endNanos, Consumer<Event> sink) {
        long step = stepNanos(params);
        FeatureEvent e = new FeatureEvent(SCHEMA);
        long first = Math.floorDiv(startNanos + step - 1, step) * step;
        for (long t = first; t <= endNanos; t += step) {
            e.setTimes(t, t);
            MID.set(e, valueAt(params, t));
            sink.accept(e);
        }
    }
}
