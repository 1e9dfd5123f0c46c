package io.featurizer.bench;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;

/**
 * A pre-generated stretch of synthetic market data, replayed into a graph so that benchmarks measure
 * the engine and not the generator. The tape is stored in compact primitive columns (times, kinds,
 * levels, trade fields) and decoded into one reused {@link BookUpdate} / {@link Trade} / {@link Quote}
 * per event, as a feed handler's parser fills its flyweight from a network buffer: the engine sees
 * warm, reused event objects, and the tape is read sequentially (no per-event object graph to chase
 * through memory).
 *
 * <p>The tape can be played round and round: on pass {@code k} every event's timestamps are shifted
 * by {@code k · span}, so time never goes backwards for the graph's windows and buckets. The
 * synthetic market starts with a full book snapshot, so each pass starts from a fresh book. Decoding
 * is part of the measured loop (see {@link #skim} for its cost alone).
 *
 * <p>Channels whose source index is negative are left out of the tape (not counted in its size).
 * Not thread-safe.
 */
public final class MarketTape {
    /** Gap added between the last event of a pass and the first of the next, ns. */
    private static final long PASS_GAP_NANOS = 1_000_000L;
    private static final byte BOOK_DELTA = 0, BOOK_SNAPSHOT = 1, TRADE = 2, TICKER = 3;

    private final byte[] kinds;
    private final int[] sources;
    private final long[] ts;
    private final long[] receiptTs;
    private final int[] firstLevel; // levels of event i: [firstLevel[i], firstLevel[i + 1]); bids then asks
    private final int[] bidLevels;
    private final double[] prices; // per level, or trade price / ticker bid, ask
    private final double[] sizes; // per level, or trade amount / ticker bid size, ask size
    private final long[] seqOrId; // book last_seq or trade id
    private final long span;
    private final int[] countsByChannel;
    private final int skipped;
    private final BookUpdate book = new BookUpdate();
    private final Trade trade = new Trade();
    private final Quote quote = new Quote();

    private int position;
    private long passes;
    private long shift;

    private MarketTape(Columns c, int[] countsByChannel, int skipped) {
        this.kinds = c.kinds;
        this.sources = c.sources;
        this.ts = c.ts;
        this.receiptTs = c.receipt;
        this.firstLevel = c.firstLevel;
        this.bidLevels = c.bidLevels;
        this.prices = java.util.Arrays.copyOf(c.prices, c.levels);
        this.sizes = java.util.Arrays.copyOf(c.sizes, c.levels);
        this.seqOrId = c.seqOrId;
        this.countsByChannel = countsByChannel;
        this.skipped = skipped;
        int n = kinds.length;
        long tsSpan = ts[n - 1] - ts[0];
        long receiptSpan = receiptTs[n - 1] - receiptTs[0];
        this.span = Math.max(tsSpan, receiptSpan) + PASS_GAP_NANOS;
    }

    /** Growable columns while recording. */
    private static final class Columns {
        final byte[] kinds;
        final int[] sources;
        final long[] ts;
        final long[] receipt;
        final int[] firstLevel;
        final int[] bidLevels;
        final long[] seqOrId;
        double[] prices = new double[1024];
        double[] sizes = new double[1024];
        int levels;

        Columns(int size) {
            kinds = new byte[size];
            sources = new int[size];
            ts = new long[size];
            receipt = new long[size];
            firstLevel = new int[size + 1];
            bidLevels = new int[size];
            seqOrId = new long[size];
        }

        void level(double price, double size) {
            if (levels == prices.length) {
                prices = java.util.Arrays.copyOf(prices, levels * 2);
                sizes = java.util.Arrays.copyOf(sizes, levels * 2);
            }
            prices[levels] = price;
            sizes[levels++] = size;
        }

        void add(int n, int source, Event e) {
            sources[n] = source;
            ts[n] = e.ts();
            receipt[n] = e.receiptTs();
            firstLevel[n] = levels;
            if (e instanceof BookUpdate u) {
                kinds[n] = u.isSnapshot() ? BOOK_SNAPSHOT : BOOK_DELTA;
                seqOrId[n] = u.lastSeq();
                bidLevels[n] = u.bidCount();
                for (int i = 0; i < u.bidCount(); i++) {
                    level(u.bidPrice(i), u.bidSize(i));
                }
                for (int i = 0; i < u.askCount(); i++) {
                    level(u.askPrice(i), u.askSize(i));
                }
            } else if (e instanceof Trade t) {
                kinds[n] = TRADE;
                seqOrId[n] = t.id();
                bidLevels[n] = t.side();
                level(t.price(), t.amount());
            } else {
                Quote q = (Quote) e;
                kinds[n] = TICKER;
                level(q.bidPrice(), q.bidSize());
                level(q.askPrice(), q.askSize());
            }
            firstLevel[n + 1] = levels;
        }
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
        Columns columns = new Columns(size);
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
            columns.add(n, source, market.event());
            counts[ch.ordinal()]++;
            n++;
        }
        return new MarketTape(columns, counts, skipped);
    }

    /**
     * The tape for {@link StandardFeatureSet}: {@link SyntheticMarket.Config#defaults} with 2000 book
     * messages, 400 trades and 200 tickers per second; tickers are not an input of the set and are skipped.
     */
    public static MarketTape forStandardSet(StandardFeatureSet set, FeatureStreamGraph graph, long seed, int size) {
        SyntheticMarket.Config config = SyntheticMarket.Config.defaults(seed).withRates(2_000, 400, 200);
        return record(config, size, graph.sourceIndex(set.l2Book()), graph.sourceIndex(set.trades()), -1);
    }

    /** Decodes event {@code p} into the reused event of its kind, with times shifted by {@code s}. */
    private Event decode(int p, long s, BookUpdate book, Trade trade, Quote quote) {
        byte kind = kinds[p];
        int from = firstLevel[p];
        if (kind <= BOOK_SNAPSHOT) {
            book.reset(ts[p] + s, receiptTs[p] + s, kind == BOOK_SNAPSHOT).sequence(seqOrId[p], seqOrId[p], seqOrId[p] - 1);
            int asksFrom = from + bidLevels[p];
            for (int i = from; i < asksFrom; i++) {
                book.addBid(prices[i], sizes[i]);
            }
            for (int i = asksFrom, to = firstLevel[p + 1]; i < to; i++) {
                book.addAsk(prices[i], sizes[i]);
            }
            return book;
        }
        if (kind == TRADE) {
            return trade.set(ts[p] + s, receiptTs[p] + s, bidLevels[p], prices[from], sizes[from], seqOrId[p]);
        }
        return quote.set(ts[p] + s, receiptTs[p] + s, prices[from], sizes[from], prices[from + 1], sizes[from + 1]);
    }

    /**
     * Emits the next {@code count} events into {@code graph}, wrapping round to a new, time-shifted pass
     * at the end of the tape.
     */
    public void play(FeatureStreamGraph graph, int count) {
        final int n = kinds.length;
        int p = position;
        long s = shift;
        for (int i = 0; i < count; i++) {
            graph.emit(sources[p], decode(p, s, book, trade, quote));
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
     * As {@link #play(FeatureStreamGraph, int)}, with the tape's source numbers mapped to the graph's:
     * {@code sourceMap[tapeSource]} is the graph's source index, or negative for a source the graph does
     * not read (the event is decoded and counted, not emitted), so one tape serves graphs of any subset.
     */
    public void play(FeatureStreamGraph graph, int count, int[] sourceMap) {
        final int n = kinds.length;
        int p = position;
        long s = shift;
        for (int i = 0; i < count; i++) {
            Event e = decode(p, s, book, trade, quote);
            int target = sourceMap[sources[p]];
            if (target >= 0) {
                graph.emit(target, e);
            }
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
     * The replay loop of {@link #play} without a graph: decodes the next {@code count} events and
     * returns a checksum. A baseline for what the tape itself costs per event.
     */
    public long skim(int count) {
        final int n = kinds.length;
        int p = position;
        long s = shift;
        long acc = 0;
        for (int i = 0; i < count; i++) {
            Event e = decode(p, s, book, trade, quote);
            acc += sources[p] + e.ts();
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
        return kinds.length;
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

    /** The i-th event as recorded (pass 0 times), decoded into a new event. */
    public Event event(int i) {
        return decode(i, 0, new BookUpdate(), new Trade(), new Quote());
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
