package io.featurizer.core.event;

/** Taker side of a trade, encoded as +1 (buy) / -1 (sell) in the {@code side} field. */
public final class Side {
    public static final int BUY = 1;
    public static final int SELL = -1;

    private Side() {
    }

    public static String name(int side) {
        return side == BUY ? "buy" : side == SELL ? "sell" : "unknown(" + side + ")";
    }
}
