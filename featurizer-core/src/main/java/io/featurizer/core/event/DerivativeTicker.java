package io.featurizer.core.event;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A perpetual's or future's derivative ticker: funding rate, predicted funding rate, next funding time,
 * open interest, mark, index and last price, as one venue reports them. A field the venue does not give
 * is NaN ({@code next_funding_time}: 0). Live venues send these fields on several channels or as deltas;
 * the decoders merge them, so every event carries the latest known value of every field.
 * A reusable view: see {@link Event}.
 */
public final class DerivativeTicker extends Event {
    public static final Schema SCHEMA = Schema.builder("derivative_ticker")
            .addDouble("funding_rate").addDouble("predicted_funding_rate").addLong("next_funding_time")
            .addDouble("open_interest").addDouble("mark_price").addDouble("index_price").addDouble("last_price").build();
    public static final Schema.DoubleField FUNDING_RATE = SCHEMA.doubleField("funding_rate");
    public static final Schema.DoubleField PREDICTED_FUNDING_RATE = SCHEMA.doubleField("predicted_funding_rate");
    public static final Schema.LongField NEXT_FUNDING_TIME = SCHEMA.longField("next_funding_time");
    public static final Schema.DoubleField OPEN_INTEREST = SCHEMA.doubleField("open_interest");
    public static final Schema.DoubleField MARK_PRICE = SCHEMA.doubleField("mark_price");
    public static final Schema.DoubleField INDEX_PRICE = SCHEMA.doubleField("index_price");
    public static final Schema.DoubleField LAST_PRICE = SCHEMA.doubleField("last_price");
    // indexes of the fields above, for this class's own switches; readers use the handles
    private static final int I_FUNDING_RATE = 0, I_PREDICTED_FUNDING_RATE = 1, I_NEXT_FUNDING_TIME = 2,
            I_OPEN_INTEREST = 3, I_MARK_PRICE = 4, I_INDEX_PRICE = 5, I_LAST_PRICE = 6;

    private double fundingRate = Double.NaN;
    private double predictedFundingRate = Double.NaN;
    private long nextFundingTime;
    private double openInterest = Double.NaN;
    private double markPrice = Double.NaN;
    private double indexPrice = Double.NaN;
    private double lastPrice = Double.NaN;

    /** Sets every field; pass NaN (0 for {@code nextFundingTime}, ns since epoch) for what the venue does not give. */
    public DerivativeTicker set(long ts, long receiptTs, double fundingRate, double predictedFundingRate, long nextFundingTime,
                                double openInterest, double markPrice, double indexPrice, double lastPrice) {
        setTimes(ts, receiptTs);
        this.fundingRate = fundingRate;
        this.predictedFundingRate = predictedFundingRate;
        this.nextFundingTime = nextFundingTime;
        this.openInterest = openInterest;
        this.markPrice = markPrice;
        this.indexPrice = indexPrice;
        this.lastPrice = lastPrice;
        return this;
    }

    /** Forgets every value (all NaN, next funding time 0), for a decoder starting a new symbol or connection. */
    public DerivativeTicker reset(long ts, long receiptTs) {
        return set(ts, receiptTs, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Funding rate of the current period, a fraction per funding interval (0.0001 = 0.01 %). */
    public double fundingRate() {
        return fundingRate;
    }

    public DerivativeTicker fundingRate(double v) {
        fundingRate = v;
        return this;
    }

    /** The venue's estimate of the next period's rate, where it publishes one. */
    public double predictedFundingRate() {
        return predictedFundingRate;
    }

    public DerivativeTicker predictedFundingRate(double v) {
        predictedFundingRate = v;
        return this;
    }

    /** When the current period's funding is paid, ns since epoch; 0 when unknown. */
    public long nextFundingTime() {
        return nextFundingTime;
    }

    public DerivativeTicker nextFundingTime(long v) {
        nextFundingTime = v;
        return this;
    }

    /** Open interest in the venue's unit (contracts or base currency, see docs/definitions.md). */
    public double openInterest() {
        return openInterest;
    }

    public DerivativeTicker openInterest(double v) {
        openInterest = v;
        return this;
    }

    public double markPrice() {
        return markPrice;
    }

    public DerivativeTicker markPrice(double v) {
        markPrice = v;
        return this;
    }

    public double indexPrice() {
        return indexPrice;
    }

    public DerivativeTicker indexPrice(double v) {
        indexPrice = v;
        return this;
    }

    public double lastPrice() {
        return lastPrice;
    }

    public DerivativeTicker lastPrice(double v) {
        lastPrice = v;
        return this;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public double getDouble(int field) {
        return switch (field) {
            case I_FUNDING_RATE -> fundingRate;
            case I_PREDICTED_FUNDING_RATE -> predictedFundingRate;
            case I_NEXT_FUNDING_TIME -> nextFundingTime;
            case I_OPEN_INTEREST -> openInterest;
            case I_MARK_PRICE -> markPrice;
            case I_INDEX_PRICE -> indexPrice;
            case I_LAST_PRICE -> lastPrice;
            default -> throw new IndexOutOfBoundsException("derivative_ticker field " + field);
        };
    }

    @Override
    public long getLong(int field) {
        return field == I_NEXT_FUNDING_TIME ? nextFundingTime : (long) getDouble(field);
    }

    @Override
    public DerivativeTicker copy() {
        DerivativeTicker c = new DerivativeTicker();
        c.copyFrom(this);
        return c;
    }

    @Override
    public void copyFrom(Event other) {
        if (other instanceof DerivativeTicker o) {
            set(o.ts, o.receiptTs, o.fundingRate, o.predictedFundingRate, o.nextFundingTime, o.openInterest, o.markPrice, o.indexPrice,
                    o.lastPrice);
            return;
        }
        // any event of this schema, e.g. a FeatureEvent emitted by a map stage
        Events.requireSchema(SCHEMA, other);
        set(other.ts(), other.receiptTs(), other.getDouble(FUNDING_RATE), other.getDouble(PREDICTED_FUNDING_RATE),
                other.getLong(NEXT_FUNDING_TIME), other.getDouble(OPEN_INTEREST), other.getDouble(MARK_PRICE), other.getDouble(INDEX_PRICE),
                other.getDouble(LAST_PRICE));
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(ts);
        out.writeLong(receiptTs);
        out.writeDouble(fundingRate);
        out.writeDouble(predictedFundingRate);
        out.writeLong(nextFundingTime);
        out.writeDouble(openInterest);
        out.writeDouble(markPrice);
        out.writeDouble(indexPrice);
        out.writeDouble(lastPrice);
    }

    @Override
    public void read(DataInput in) throws IOException {
        set(in.readLong(), in.readLong(), in.readDouble(), in.readDouble(), in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble());
    }
}
