package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;

import java.util.Map;

/** Event builders and sources for the derivatives tests. Nothing here computes an expected value. */
final class DerivativesEvents {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;
    /** 2023-11-14T22:14:00Z. */
    static final long BASE = 1_700_000_040L * SEC;
    static final long RECEIPT_LAG = 1_234;
    static final double NaN = Double.NaN;

    private DerivativesEvents() {
    }

    static Feature ticker() {
        return Features.derivativeTicker("BINANCE_FUTURES", "perpetual", "BTC-USDT");
    }

    static Feature liquidations() {
        return Features.liquidations("BINANCE_FUTURES", "perpetual", "BTC-USDT");
    }

    static Feature feature(String name, Map<String, ?> params) {
        return Features.feature(name, params, name.endsWith("liquidation_volume") ? liquidations() : ticker());
    }

    static DerivativeTicker funding(long ts, double rate, double predicted) {
        return new DerivativeTicker().reset(ts, ts + RECEIPT_LAG).fundingRate(rate).predictedFundingRate(predicted);
    }

    static DerivativeTicker markIndex(long ts, double mark, double index) {
        return new DerivativeTicker().reset(ts, ts + RECEIPT_LAG).markPrice(mark).indexPrice(index);
    }

    static DerivativeTicker openInterest(long ts, double oi) {
        return new DerivativeTicker().reset(ts, ts + RECEIPT_LAG).openInterest(oi);
    }

    static Liquidation buy(long ts, double price, double amount) {
        return new Liquidation().set(ts, ts + RECEIPT_LAG, Side.BUY, price, amount, ts);
    }

    static Liquidation sell(long ts, double price, double amount) {
        return new Liquidation().set(ts, ts + RECEIPT_LAG, Side.SELL, price, amount, ts);
    }
}
