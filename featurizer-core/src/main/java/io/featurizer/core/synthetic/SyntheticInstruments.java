package io.featurizer.core.synthetic;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every instrument a set of data sources reads, each its own seeded {@link SyntheticMarket} (books and trades) and
 * {@link SyntheticDerivatives} (a ticker a second, liquidations after some trades), merged in time: each event goes to
 * the callback of every source of its instrument and channel. For runs over many instruments at once (the library's
 * parity tests: compute, replay and Flink over the same recording).
 */
public final class SyntheticInstruments {
    private final List<Feature> sources;
    private final List<String> instruments = new ArrayList<>();
    private final List<SyntheticMarket> markets = new ArrayList<>();
    private final List<SyntheticDerivatives> derivatives = new ArrayList<>();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    /**
     * Markets for the instruments of {@code sources} (exchange, instrument type, symbol), the i-th seeded
     * {@code seed + i}, at {@code bookPerSecond} book messages and {@code tradesPerSecond} trades each.
     */
    public SyntheticInstruments(List<Feature> sources, long seed, double bookPerSecond, double tradesPerSecond) {
        this.sources = List.copyOf(sources);
        for (Feature s : sources) {
            String id = instrument(s);
            if (!instruments.contains(id)) {
                instruments.add(id);
            }
        }
        for (int i = 0; i < instruments.size(); i++) {
            SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(seed + i).withRates(bookPerSecond, tradesPerSecond, 10));
            m.next();
            markets.add(m);
            derivatives.add(new SyntheticDerivatives(seed + i));
        }
    }

    /** Plays {@code nanos} of market time from the markets' start; {@code callbacks.get(i)} gets source i's events. */
    public void play(long nanos, List<DataSourceCallback> callbacks) {
        long end = markets.get(0).config().startNanos() + nanos;
        while (true) {
            int next = 0; // the market whose pending event is earliest
            for (int i = 1; i < markets.size(); i++) {
                if (markets.get(i).event().ts() < markets.get(next).event().ts()) {
                    next = i;
                }
            }
            SyntheticMarket m = markets.get(next);
            Event e = m.event();
            if (e.ts() > end) {
                return;
            }
            route(callbacks, instruments.get(next), m.channel().name().toLowerCase(Locale.ROOT), e);
            Event ticker = derivatives.get(next).tickerAt(e.ts(), m.truth());
            if (ticker != null) {
                route(callbacks, instruments.get(next), "derivative_ticker", ticker);
            }
            if (e instanceof Trade t) {
                Event liquidation = derivatives.get(next).afterTrade(t);
                if (liquidation != null) {
                    route(callbacks, instruments.get(next), "liquidations", liquidation);
                }
            }
            m.next();
        }
    }

    /** The time of the first event handed to a callback. */
    public long first() {
        return first;
    }

    /** The time of the last event handed to a callback. */
    public long last() {
        return last;
    }

    /** Gives the event to the instrument's sources of that channel, if any reads it. */
    private void route(List<DataSourceCallback> callbacks, String instrument, String channel, Event e) {
        for (int s = 0; s < sources.size(); s++) {
            Feature src = sources.get(s);
            if (instrument(src).equals(instrument) && ((DataSourceDefinition) src.definition()).channel().equals(channel)) {
                callbacks.get(s).onEvent(src, e);
                first = Math.min(first, e.ts());
                last = e.ts();
            }
        }
    }

    private static String instrument(Feature source) {
        return source.params().getString(DataSourceDefinition.EXCHANGE, "") + "/" + source.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "")
                + "/" + source.params().getString(DataSourceDefinition.SYMBOL, "");
    }
}
