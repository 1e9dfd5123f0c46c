package io.featurizer.bench;

import io.featurizer.core.event.Event;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;

/**
 * A pre-generated stretch of synthetic market data, replayed into a graph so that benchmarks measure
 * the engine and not the generator. Holds deep copies of {@link SyntheticMarket}'s events (its own
 * events are reused views) together with each event's graph source index and original timestamps.
 *
 * <p>The tape can be played round and round: on pass {@code k} every event's timestamps are shifted
 * by {@code k · span} ({@link Event#setTimes} on the stored copy just before it is emitted), so time
 * never goes backwards for the graph's windows and buckets. The synthetic market starts with a full
 * book snapshot, so each pass starts from a fresh book. The shift is two stores per event and is part
 * of the measured loop.
 *
 * <p>Channels whose source index is negative are left out of the tape (not counted in its size).
 * Playing mutates the stored events' timestamps: one player per tape at a time. Not thread-safe.
 */
public final class MarketTape {
    /** Gap added between the last event of a pass and the first of the next, ns. */
    private static final long PASS_GAP_NANOS = 1_000_000L;

    private final Event[] events;
    private final int[] sources;
    private final long[] ts;
    private final long[] receiptTs;
    private final long span;
    private final int[] countsByChannel;
    private final int skipped;

    private int position;
    private long passes;
    private long shift;

    private MarketTape(Event[] events, int[] sources, long[] ts, long[] receiptTs, int[] countsByChannel, int skipped) {
        this.events = events;
        this.sources = sources;
        this.ts = ts;
        this.receiptTs = receiptTs;
        this.countsByChannel = countsByChannel;
        this.skipped = skipped;
        int n = events.length;
        long tsSpan = ts[n - 1] - ts[0];
        long receiptSpan = receiptTs[n - 1] - receiptTs[0];
        this.span = Math.max(tsSpan, receiptSpan) + PASS_GAP_NANOS;
    }

    /**
     * Records {@code size} events of the market's channels that have a source index (>= 0); events of a
     * channel with a negative index are generated (to keep the market's timing) but not recorded.
     */
    public static MarketTape record(SyntheticMarket.Config config, int size, int bookSource, int tradeSource, int tickerSource) {
        if (size < 1) {
            throw new IllegalArgumentException("a tape needs at least one event, got " + size);
        }
        int[] sourceByChannel = new int[SyntheticMarket.Channel.values().length];
        sourceByChannel[SyntheticMarket.Channel.L2_BOOK.ordinal()] = bookSource;
        sourceByChannel[SyntheticMarket.Channel.TRADES.ordinal()] = tradeSource;
        sourceByChannel[SyntheticMarket.Channel.TICKER.ordinal()] = tickerSource;
        if (bookSource < 0 && tradeSource < 0 && tickerSource < 0) {
            throw new IllegalArgumentException("every channel is skipped");
        }
        SyntheticMarket market = new SyntheticMarket(config);
        Event[] events = new Event[size];
        int[] sources = new int[size];
        long[] ts = new long[size];
        long[] receipt = new long[size];
        int[] counts = new int[sourceByChannel.length];
        int skipped = 0;
        int n = 0;
        while (n < size) {
            SyntheticMarket.Channel ch = market.next();
            int source = sourceByChannel[ch.ordinal()];
            if (source < 0) {
                skipped++;
                continue;
            }
            Event e = market.event().copy();
            events[n] = e;
            sources[n] = source;
            ts[n] = e.ts();
            receipt[n] = e.receiptTs();
            counts[ch.ordinal()]++;
            n++;
        }
        return new MarketTape(events, sources, ts, receipt, counts, skipped);
    }

    /**
     * The tape for {@link StandardFeatureSet}: {@link SyntheticMarket.Config#defaults} with 2000 book
     * messages, 400 trades and 200 tickers per second; tickers are not an input of the set and are skipped.
     */
    public static MarketTape forStandardSet(StandardFeatureSet set, FeatureStreamGraph graph, long seed, int size) {
        SyntheticMarket.Config config = SyntheticMarket.Config.defaults(seed).withRates(2_000, 400, 200);
        return record(config, size, graph.sourceIndex(set.l2Book()), graph.sourceIndex(set.trades()), -1);
    }

    /**
     * Emits the next {@code count} events into {@code graph}, wrapping round to a new, time-shifted pass
     * at the end of the tape.
     */
    public void play(FeatureStreamGraph graph, int count) {
        final Event[] events = this.events;
        final int[] sources = this.sources;
        final long[] ts = this.ts;
        final long[] receiptTs = this.receiptTs;
        final int n = events.length;
        int p = position;
        long s = shift;
        for (int i = 0; i < count; i++) {
            Event e = events[p];
            e.setTimes(ts[p] + s, receiptTs[p] + s);
            graph.emit(sources[p], e);
            if (++p == n) {
                p = 0;
                s += span;
                passes++;
            }
        }
        position = p;
        shift = s;
    }

    /**
     * The replay loop of {@link #play} without a graph: shifts the next {@code count} events' times and
     * reads their schema, source and time, and returns a checksum. A baseline for what the tape itself
     * costs per event (mostly the first touch of each stored copy, from memory on a large tape).
     */
    public long skim(int count) {
        final Event[] events = this.events;
        final int[] sources = this.sources;
        final long[] ts = this.ts;
        final long[] receiptTs = this.receiptTs;
        final int n = events.length;
        int p = position;
        long s = shift;
        long acc = 0;
        for (int i = 0; i < count; i++) {
            Event e = events[p];
            e.setTimes(ts[p] + s, receiptTs[p] + s);
            acc += e.schema().size() + sources[p] + e.ts();
            if (++p == n) {
                p = 0;
                s += span;
                passes++;
            }
        }
        position = p;
        shift = s;
        return acc;
    }

    /** Back to the start of pass 0 (timestamps as generated). Use with a fresh graph. */
    public void rewind() {
        position = 0;
        passes = 0;
        shift = 0;
    }

    public int size() {
        return events.length;
    }

    /** Time shift between passes: the tape's span plus a 1 ms gap, ns. */
    public long spanNanos() {
        return span;
    }

    /** Completed passes since the last rewind. */
    public long passes() {
        return passes;
    }

    /** Events of one channel on the tape. */
    public int count(SyntheticMarket.Channel channel) {
        return countsByChannel[channel.ordinal()];
    }

    /** Generated events left out because their channel had no source. */
    public int skipped() {
        return skipped;
    }

    /** The i-th stored event (a copy owned by the tape; its times are those of the last pass played). */
    public Event event(int i) {
        return events[i];
    }

    public int source(int i) {
        return sources[i];
    }

    /** Original (pass 0) exchange time of the i-th event. */
    public long ts(int i) {
        return ts[i];
    }

    /** Original (pass 0) receipt time of the i-th event. */
    public long receiptTs(int i) {
        return receiptTs[i];
    }
}
