package io.featurizer.core.synthetic;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;

import java.util.SplittableRandom;

/**
 * A seeded random-walk market: L2 book deltas (with periodic full snapshots), trades and tickers,
 * each channel arriving as a Poisson process at its configured rate, merged in time order. Used by
 * the demo, tests and benchmarks, and (in the exchange simulator) as the true book.
 *
 * <p>The book keeps {@code levels} price levels per side on a tick grid around a one-tick spread.
 * A book message either moves the market one tick (best level crosses over, a far level is added
 * and removed to keep depth) or changes a level's size at a rank drawn geometrically from the top,
 * as real order flow concentrates near the touch. Trades hit the touch; tickers quote it.
 * {@link #next()} reuses its events (views); nothing is allocated per event.
 */
public final class SyntheticMarket {
    /** Which channel the current event belongs to. */
    public enum Channel { L2_BOOK, TRADES, TICKER }

    /** Generator settings. Rates are events per second of event time. */
    public record Config(long seed, long startNanos, double bookUpdatesPerSecond, double tradesPerSecond,
                         double tickersPerSecond, long snapshotEveryNanos, int levels, double tickSize, double startPrice,
                         double moveProbability) {
        public static Config defaults(long seed) {
            return new Config(seed, 1_675_245_600_000_000_000L, 2_000, 400, 200, 60_000_000_000L, 50, 0.01, 30_000, 0.05);
        }

        public Config withRates(double book, double trades, double tickers) {
            return new Config(seed, startNanos, book, trades, tickers, snapshotEveryNanos, levels, tickSize, startPrice, moveProbability);
        }

        public Config withStart(long start) {
            return new Config(seed, start, bookUpdatesPerSecond, tradesPerSecond, tickersPerSecond, snapshotEveryNanos, levels, tickSize,
                    startPrice, moveProbability);
        }
    }

    private final Config config;
    private final SplittableRandom random;
    private final OrderBook truth = new OrderBook();
    private final BookUpdate book = new BookUpdate();
    private final Trade trade = new Trade();
    private final Quote quote = new Quote();
    private long nextBook;
    private long nextTrade;
    private long nextTicker;
    private long nextSnapshot;
    private long lastReceipt;
    private long tradeId;
    private long seq;
    private long bestBidTicks; // best ask is bestBidTicks + 1
    private Channel channel;
    private Event current;

    public SyntheticMarket(Config config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        long t = config.startNanos();
        this.nextBook = t;
        this.nextSnapshot = t;
        this.nextTrade = t + gap(config.tradesPerSecond());
        this.nextTicker = t + gap(config.tickersPerSecond());
        this.bestBidTicks = Math.round(config.startPrice() / config.tickSize());
    }

    private long gap(double ratePerSecond) {
        if (ratePerSecond <= 0) {
            return Long.MAX_VALUE / 4;
        }
        return 1 + (long) (-Math.log(1 - random.nextDouble()) * 1e9 / ratePerSecond);
    }

    /** Produces the next event in time order and returns its channel; read it with {@link #event()}. */
    public Channel next() {
        if (nextBook <= nextTrade && nextBook <= nextTicker) {
            long ts = nextBook;
            nextBook += gap(config.bookUpdatesPerSecond());
            if (ts >= nextSnapshot) {
                nextSnapshot = ts + config.snapshotEveryNanos();
                makeSnapshot(ts);
            } else {
                makeDelta(ts);
            }
            truth.apply(book);
            channel = Channel.L2_BOOK;
            current = book;
        } else if (nextTrade <= nextTicker) {
            long ts = nextTrade;
            nextTrade += gap(config.tradesPerSecond());
            boolean buy = random.nextBoolean();
            double price = buy ? truth.asks().price(0) : truth.bids().price(0);
            double amount = Math.max(0.0001, Math.round(-Math.log(1 - random.nextDouble()) * 5000) / 10000.0);
            trade.set(ts, receipt(ts), buy ? Side.BUY : Side.SELL, price, amount, ++tradeId);
            channel = Channel.TRADES;
            current = trade;
        } else {
            long ts = nextTicker;
            nextTicker += gap(config.tickersPerSecond());
            quote.set(ts, receipt(ts), truth.bids().price(0), truth.bids().size(0), truth.asks().price(0), truth.asks().size(0));
            channel = Channel.TICKER;
            current = quote;
        }
        return channel;
    }

    private long receipt(long ts) {
        long r = Math.max(lastReceipt + 1, ts + 1_000_000 + random.nextLong(200_000));
        lastReceipt = r;
        return r;
    }

    /** ticks / (1 / tick) rather than ticks · tick: 3000001 / 100.0 is the double of "30000.01", as a venue would send it. */
    private double price(long ticks) {
        double perUnit = Math.rint(1 / config.tickSize());
        return Math.abs(perUnit * config.tickSize() - 1) < 1e-12 ? ticks / perUnit : ticks * config.tickSize();
    }

    private double randomSize() {
        return (1 + random.nextInt(5000)) / 1000.0;
    }

    private void makeSnapshot(long ts) {
        book.reset(ts, receipt(ts), true).sequence(seq + 1, seq + 1, seq);
        seq++;
        for (int i = 0; i < config.levels(); i++) {
            book.addBid(price(bestBidTicks - i), levelSize(false, i));
            book.addAsk(price(bestBidTicks + 1 + i), levelSize(true, i));
        }
    }

    /** Keeps an existing level's size in a snapshot, so snapshots agree with the deltas before them. */
    private double levelSize(boolean ask, int rank) {
        var side = ask ? truth.asks() : truth.bids();
        return rank < side.count() ? side.size(rank) : randomSize();
    }

    private void makeDelta(long ts) {
        book.reset(ts, receipt(ts), false).sequence(seq + 1, seq + 1, seq);
        seq++;
        int n = config.levels();
        if (random.nextDouble() < config.moveProbability()) {
            if (random.nextBoolean()) { // up: best ask becomes best bid
                long ask = bestBidTicks + 1;
                book.addAsk(price(ask), 0).addBid(price(ask), randomSize());
                book.addAsk(price(ask + n), randomSize()).addBid(price(bestBidTicks - n + 1), 0);
                bestBidTicks++;
            } else { // down: best bid becomes best ask
                long bid = bestBidTicks;
                book.addBid(price(bid), 0).addAsk(price(bid), randomSize());
                book.addBid(price(bid - n), randomSize()).addAsk(price(bid + n), 0);
                bestBidTicks--;
            }
        } else {
            int rank = Math.min(n - 1, (int) (-Math.log(1 - random.nextDouble()) / 0.45));
            if (random.nextBoolean()) {
                book.addBid(price(bestBidTicks - rank), randomSize());
            } else {
                book.addAsk(price(bestBidTicks + 1 + rank), randomSize());
            }
        }
    }

    public Channel channel() {
        return channel;
    }

    /** The current event (a view, reused by the next call). */
    public Event event() {
        return current;
    }

    /** The book as the market knows it after the current event. */
    public OrderBook truth() {
        return truth;
    }

    public Config config() {
        return config;
    }
}
