package io.featurizer.core.event;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Best bid and ask with their sizes (a venue's ticker / book ticker). A reusable view: see {@link Event}. */
public final class Quote extends Event {
    public static final Schema SCHEMA = Schema.ofDoubles("ticker", "bid_price", "bid_size", "ask_price", "ask_size");
    public static final Schema.DoubleField BID_PRICE = SCHEMA.doubleField("bid_price");
    public static final Schema.DoubleField BID_SIZE = SCHEMA.doubleField("bid_size");
    public static final Schema.DoubleField ASK_PRICE = SCHEMA.doubleField("ask_price");
    public static final Schema.DoubleField ASK_SIZE = SCHEMA.doubleField("ask_size");
    // indexes of the fields above, for this class's own switches; readers use the handles
    private static final int I_BID_PRICE = 0, I_BID_SIZE = 1, I_ASK_PRICE = 2, I_ASK_SIZE = 3;

    private double bidPrice, bidSize, askPrice, askSize;

    public Quote set(long ts, long receiptTs, double bidPrice, double bidSize, double askPrice, double askSize) {
        setTimes(ts, receiptTs);
        this.bidPrice = bidPrice;
        this.bidSize = bidSize;
        this.askPrice = askPrice;
        this.askSize = askSize;
        return this;
    }

    public double bidPrice() {
        return bidPrice;
    }

    public double bidSize() {
        return bidSize;
    }

    public double askPrice() {
        return askPrice;
    }

    public double askSize() {
        return askSize;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public double getDouble(int field) {
        return switch (field) {
            case I_BID_PRICE -> bidPrice;
            case I_BID_SIZE -> bidSize;
            case I_ASK_PRICE -> askPrice;
            case I_ASK_SIZE -> askSize;
            default -> throw new IndexOutOfBoundsException("ticker field " + field);
        };
    }

    @Override
    public Quote copy() {
        return new Quote().set(ts, receiptTs, bidPrice, bidSize, askPrice, askSize);
    }

    @Override
    public void copyFrom(Event other) {
        if (other instanceof Quote o) {
            set(o.ts, o.receiptTs, o.bidPrice, o.bidSize, o.askPrice, o.askSize);
            return;
        }
        // any event of this schema, e.g. a FeatureEvent emitted by a map stage
        Events.requireSchema(SCHEMA, other);
        set(other.ts(), other.receiptTs(), other.getDouble(BID_PRICE), other.getDouble(BID_SIZE), other.getDouble(ASK_PRICE),
                other.getDouble(ASK_SIZE));
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(ts);
        out.writeLong(receiptTs);
        out.writeDouble(bidPrice);
        out.writeDouble(bidSize);
        out.writeDouble(askPrice);
        out.writeDouble(askSize);
    }

    @Override
    public void read(DataInput in) throws IOException {
        set(in.readLong(), in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }
}
