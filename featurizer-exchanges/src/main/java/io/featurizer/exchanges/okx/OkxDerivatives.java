package io.featurizer.exchanges.okx;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.JsonCursor;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;

import java.util.ArrayList;
import java.util.List;

import static io.featurizer.exchanges.protocol.JsonCursor.ascii;

/**
 * OKX derivatives data of one connection. A {@code derivative_ticker} is four OKX channels merged into one
 * {@link DerivativeTicker} per instrument: {@code funding-rate} ({@code fundingRate}; {@code nextFundingRate}
 * as the predicted rate, "" NaN; {@code fundingTime}, when the current rate is paid, as the next funding
 * time), {@code open-interest} ({@code oi}, in contracts), {@code mark-price} ({@code markPx}) and
 * {@code index-tickers} of the instrument's index ({@code idxPx}; {@code BTC-USDT} for
 * {@code BTC-USDT-SWAP}). Each push updates its fields and emits the merged ticker, timed at the push's
 * {@code ts} (the receipt time when it has none). {@code liquidations} come from {@code liquidation-orders}
 * of the instrument type ({@code SWAP} or {@code FUTURES}), which carries every instrument of that type:
 * each {@code details} entry of a subscribed {@code instId} is a {@link Liquidation} ({@code side} is the
 * liquidation order's, {@code bkPx}, {@code sz} in contracts, {@code ts}; id 0); other instruments are
 * dropped and counted. No allocation per push.
 */
final class OkxDerivatives {
    static final String FUNDING_RATE = "funding-rate", OPEN_INTEREST = "open-interest", MARK_PRICE = "mark-price",
            INDEX_TICKERS = "index-tickers", LIQUIDATION_ORDERS = "liquidation-orders";
    private static final byte[] K_FUNDING_RATE = ascii("fundingRate"), K_NEXT_FUNDING_RATE = ascii("nextFundingRate"),
            K_FUNDING_TIME = ascii("fundingTime"), K_OI = ascii("oi"), K_MARK_PX = ascii("markPx"), K_IDX_PX = ascii("idxPx"),
            K_TS = ascii("ts"), K_INST_ID = ascii("instId"), K_DETAILS = ascii("details"), K_BK_PX = ascii("bkPx"),
            K_SZ = ascii("sz"), K_SIDE = ascii("side"), V_BUY = ascii("buy"), V_SELL = ascii("sell");
    private static final int FUNDING = 0, OI = 1, MARK = 2, INDEX = 3;
    private static final byte[][] CHANNELS = {ascii(FUNDING_RATE), ascii(OPEN_INTEREST), ascii(MARK_PRICE), ascii(INDEX_TICKERS)};
    private static final byte[] LIQUIDATIONS = ascii(LIQUIDATION_ORDERS);

    /** One instrument's merged ticker: its instId, its index's id and the state. */
    private record Ticker(Subscription subscription, byte[] instId, byte[] indexId, DerivativeTicker state) {
    }

    /** One instrument's liquidations: its type and instId. */
    private record Liquidations(Subscription subscription, byte[] instType, byte[] instId) {
    }

    private final Ticker[] tickers;
    private final Liquidations[] liquidations;
    private final Liquidation liquidation = new Liquidation();
    private long otherInstruments;

    OkxDerivatives(List<Subscription> subscriptions, java.util.function.Function<String, String> venueSymbols) {
        List<Ticker> t = new ArrayList<>();
        List<Liquidations> l = new ArrayList<>();
        for (Subscription s : subscriptions) {
            String instId = venueSymbols.apply(s.symbol());
            if (s.channel() == Channel.DERIVATIVE_TICKER) {
                t.add(new Ticker(s, ascii(instId), ascii(indexId(instId)), new DerivativeTicker()));
            } else if (s.channel() == Channel.LIQUIDATIONS) {
                l.add(new Liquidations(s, ascii(instType(instId)), ascii(instId)));
            }
        }
        tickers = t.toArray(new Ticker[0]);
        liquidations = l.toArray(new Liquidations[0]);
    }

    /** The index an instrument is marked against: {@code BTC-USDT} for {@code BTC-USDT-SWAP} and {@code BTC-USDT-250328}. */
    static String indexId(String instId) {
        int first = instId.indexOf('-');
        int second = first < 0 ? -1 : instId.indexOf('-', first + 1);
        return second < 0 ? instId : instId.substring(0, second);
    }

    /** {@code SWAP} for a perpetual ({@code -SWAP}), else {@code FUTURES}. */
    static String instType(String instId) {
        return instId.endsWith("-SWAP") ? "SWAP" : "FUTURES";
    }

    /** The OKX subscription args of a derivatives subscription: {@code {"channel":..,"instId"|"instType":..}} objects. */
    static List<String> args(Subscription s, String instId) {
        if (s.channel() == Channel.LIQUIDATIONS) {
            return List.of("{\"channel\":\"" + LIQUIDATION_ORDERS + "\",\"instType\":\"" + instType(instId) + "\"}");
        }
        return List.of(arg(FUNDING_RATE, instId), arg(OPEN_INTEREST, instId), arg(MARK_PRICE, instId), arg(INDEX_TICKERS, indexId(instId)));
    }

    private static String arg(String channel, String id) {
        return "{\"channel\":\"" + channel + "\",\"instId\":\"" + id + "\"}";
    }

    /** Pushes of instruments not subscribed on {@code liquidation-orders} (it carries a whole instrument type). */
    long otherInstruments() {
        return otherInstruments;
    }

    /**
     * True when the push of channel {@code [chStart, +chLen)} for the arg id (instId, or instType for
     * liquidation orders) is derivatives data of this connection.
     */
    boolean handles(JsonCursor j, int chStart, int chLen, int idStart, int idLen, int typeStart, int typeLen) {
        if (j.regionIs(chStart, chLen, LIQUIDATIONS)) {
            for (Liquidations l : liquidations) {
                if (typeStart >= 0 && j.regionIs(typeStart, typeLen, l.instType)) {
                    return true;
                }
            }
            return false;
        }
        int kind = kind(j, chStart, chLen);
        return kind >= 0 && idStart >= 0 && matching(j, kind, idStart, idLen, 0) >= 0;
    }

    private static int kind(JsonCursor j, int chStart, int chLen) {
        for (int k = 0; k < CHANNELS.length; k++) {
            if (j.regionIs(chStart, chLen, CHANNELS[k])) {
                return k;
            }
        }
        return -1;
    }

    /** The first ticker from {@code from} on that the push of {@code kind} for the id updates, or -1. */
    private int matching(JsonCursor j, int kind, int idStart, int idLen, int from) {
        for (int i = from; i < tickers.length; i++) {
            if (j.regionIs(idStart, idLen, kind == INDEX ? tickers[i].indexId : tickers[i].instId)) {
                return i;
            }
        }
        return -1;
    }

    /** Reads the push's {@code data} array (the cursor at it) and emits what it holds. */
    void data(JsonCursor j, int chStart, int chLen, int idStart, int idLen, long receiptTs, FrameSink sink) throws MalformedFrameException {
        if (j.regionIs(chStart, chLen, LIQUIDATIONS)) {
            liquidationOrders(j, receiptTs, sink);
            return;
        }
        int kind = kind(j, chStart, chLen);
        j.beginArray();
        while (j.nextElement()) {
            long ts = receiptTs;
            double value = Double.NaN, predicted = Double.NaN;
            long fundingTime = 0;
            boolean any = false;
            j.beginObject();
            while (j.nextField()) {
                if (j.keyIs(K_TS)) {
                    ts = j.readLong() * 1_000_000L;
                } else if (kind == FUNDING && j.keyIs(K_FUNDING_RATE) || kind == OI && j.keyIs(K_OI)
                        || kind == MARK && j.keyIs(K_MARK_PX) || kind == INDEX && j.keyIs(K_IDX_PX)) {
                    value = j.readOptionalDecimal();
                    any = true;
                } else if (kind == FUNDING && j.keyIs(K_NEXT_FUNDING_RATE)) {
                    predicted = j.readOptionalDecimal();
                } else if (kind == FUNDING && j.keyIs(K_FUNDING_TIME)) {
                    fundingTime = j.readLong() * 1_000_000L;
                } else {
                    j.skipValue();
                }
            }
            if (!any) {
                throw new MalformedFrameException("OKX: " + j.excerpt(chStart, chLen) + " push without its value");
            }
            for (int i = matching(j, kind, idStart, idLen, 0); i >= 0; i = matching(j, kind, idStart, idLen, i + 1)) {
                DerivativeTicker s = tickers[i].state;
                switch (kind) {
                    case FUNDING -> s.fundingRate(value).predictedFundingRate(predicted).nextFundingTime(fundingTime);
                    case OI -> s.openInterest(value);
                    case MARK -> s.markPrice(value);
                    default -> s.indexPrice(value);
                }
                s.setTimes(ts, receiptTs);
                sink.onEvent(tickers[i].subscription, s);
            }
        }
    }

    private void liquidationOrders(JsonCursor j, long receiptTs, FrameSink sink) throws MalformedFrameException {
        j.beginArray();
        while (j.nextElement()) {
            int details = -1;
            int instStart = -1, instLen = 0;
            j.beginObject();
            while (j.nextField()) {
                if (j.keyIs(K_INST_ID)) {
                    j.readString();
                    instStart = j.stringStart();
                    instLen = j.stringLength();
                } else if (j.keyIs(K_DETAILS)) {
                    details = j.position();
                    j.skipValue();
                } else {
                    j.skipValue();
                }
            }
            if (instStart < 0 || details < 0) {
                throw new MalformedFrameException("OKX: liquidation-orders element without instId or details");
            }
            Subscription sub = null;
            for (Liquidations l : liquidations) {
                if (j.regionIs(instStart, instLen, l.instId)) {
                    sub = l.subscription;
                }
            }
            if (sub == null) {
                otherInstruments++;
                continue;
            }
            int end = j.position();
            j.seek(details);
            details(j, sub, receiptTs, sink);
            j.seek(end);
        }
    }

    private void details(JsonCursor j, Subscription sub, long receiptTs, FrameSink sink) throws MalformedFrameException {
        j.beginArray();
        while (j.nextElement()) {
            long ts = -1;
            int side = 0;
            double px = Double.NaN, sz = Double.NaN;
            j.beginObject();
            while (j.nextField()) {
                if (j.keyIs(K_TS)) {
                    ts = j.readLong();
                } else if (j.keyIs(K_SIDE)) {
                    j.readString();
                    side = j.stringIs(V_BUY) ? Side.BUY : j.stringIs(V_SELL) ? Side.SELL : 0;
                } else if (j.keyIs(K_BK_PX)) {
                    px = j.readOptionalDecimal();
                } else if (j.keyIs(K_SZ)) {
                    sz = j.readOptionalDecimal();
                } else {
                    j.skipValue();
                }
            }
            if (ts < 0 || side == 0 || Double.isNaN(px) || Double.isNaN(sz)) {
                throw new MalformedFrameException("OKX: liquidation without " + (ts < 0 ? "ts" : side == 0 ? "side buy or sell"
                        : Double.isNaN(px) ? "bkPx" : "sz"));
            }
            sink.onEvent(sub, liquidation.set(ts * 1_000_000L, receiptTs, side, px, sz, 0));
        }
    }
}
