package io.featurizer.core.synthetic;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;

import java.util.SplittableRandom;

/**
 * One symbol's derivatives data, derived from its synthetic market (the simulator serves it; tests record it): a derivative
 * ticker once per second of event time (mark = the true book's mid rounded to the cent, index = mark
 * less a premium that random-walks within ±20 bps, funding = premium / 3 clamped to ±0.075 %, the next
 * funding at the next 8 h boundary, open interest a random walk, last price = the last trade's), and a
 * liquidation after about one trade in ten, at the trade's price. Its own random stream, so the market's
 * events are the same whether or not anyone subscribes to these.
 */
public final class SyntheticDerivatives {
    private static final long SECOND = 1_000_000_000L;
    private static final long FUNDING_INTERVAL = 8 * 3_600 * SECOND;

    private final SplittableRandom random;
    private final DerivativeTicker ticker = new DerivativeTicker();
    private final Liquidation liquidation = new Liquidation();
    private long lastSecond = Long.MIN_VALUE;
    private double premiumBps;
    private double openInterest = 50_000;
    private double lastPrice = Double.NaN;
    private long liquidationId;

    public SyntheticDerivatives(long seed) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** The ticker of a new second of event time (a view), or null within the second or while a side of the book is empty. */
    public DerivativeTicker tickerAt(long ts, OrderBook truth) {
        long second = Math.floorDiv(ts, SECOND);
        if (second == lastSecond || truth.bids().count() == 0 || truth.asks().count() == 0) {
            return null;
        }
        lastSecond = second;
        premiumBps = Math.max(-20, Math.min(20, premiumBps + random.nextInt(-2, 3)));
        openInterest = Math.max(1_000, openInterest + random.nextInt(-50, 51));
        double mark = Math.round((truth.bids().price(0) + truth.asks().price(0)) * 50) / 100.0;
        double index = Math.round(mark / (1 + premiumBps / 10_000) * 100) / 100.0;
        double funding = Math.max(-0.00075, Math.min(0.00075, premiumBps / 3 / 10_000));
        long nextFunding = (Math.floorDiv(ts, FUNDING_INTERVAL) + 1) * FUNDING_INTERVAL;
        return ticker.set(ts, ts, Math.round(funding * 1e8) / 1e8, Double.NaN, nextFunding, openInterest, mark, index, lastPrice);
    }

    /** The venue's current open interest: the last ticker's (the starting value before the first). */
    public double openInterest() {
        return openInterest;
    }

    /** Called after every trade: a liquidation at its price (a view), or null. */
    public Liquidation afterTrade(Trade trade) {
        lastPrice = trade.price();
        if (random.nextInt(10) != 0) {
            return null;
        }
        double amount = (1 + random.nextInt(500)) / 1000.0;
        return liquidation.set(trade.ts(), trade.ts(), random.nextBoolean() ? Side.BUY : Side.SELL, trade.price(), amount, ++liquidationId);
    }
}
