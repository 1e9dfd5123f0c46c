package io.featurizer.core.event;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One exchange order book message: a full snapshot or a set of level changes (deltas). Levels are
 * absolute: a size of 0 deletes the level. Bid and ask levels are primitive arrays, valid up to
 * {@link #bidCount()} / {@link #askCount()}. Sequence ids are the venue's (-1 when it has none):
 * {@code firstSeq}/{@code lastSeq} span the update ids this message covers (Binance U/u, Bybit u,
 * OKX seqId), {@code prevSeq} is the id the previous message must have ended with (Binance pu, OKX
 * prevSeqId).
 *
 * <p>A reusable view: see {@link Event}.
 */
public final class BookUpdate extends Event {
    public static final Schema SCHEMA = Schema.builder("l2_book")
            .addLong("is_snapshot").addLong("first_seq").addLong("last_seq").addLong("prev_seq")
            .addArray("bid_prices").addArray("bid_sizes").addArray("ask_prices").addArray("ask_sizes")
            .build();
    public static final Schema.LongField IS_SNAPSHOT = SCHEMA.longField("is_snapshot");
    public static final Schema.LongField FIRST_SEQ = SCHEMA.longField("first_seq");
    public static final Schema.LongField LAST_SEQ = SCHEMA.longField("last_seq");
    public static final Schema.LongField PREV_SEQ = SCHEMA.longField("prev_seq");
    public static final Schema.ArrayField BID_PRICES = SCHEMA.arrayField("bid_prices");
    public static final Schema.ArrayField BID_SIZES = SCHEMA.arrayField("bid_sizes");
    public static final Schema.ArrayField ASK_PRICES = SCHEMA.arrayField("ask_prices");
    public static final Schema.ArrayField ASK_SIZES = SCHEMA.arrayField("ask_sizes");
    // indexes of the fields above, for this class's own switches; readers use the handles
    private static final int I_IS_SNAPSHOT = 0, I_FIRST_SEQ = 1, I_LAST_SEQ = 2, I_PREV_SEQ = 3, I_BID_PRICES = 4,
            I_BID_SIZES = 5, I_ASK_PRICES = 6, I_ASK_SIZES = 7;

    private boolean snapshot;
    private long firstSeq = -1, lastSeq = -1, prevSeq = -1;
    private double[] bidPrices, bidSizes;
    private double[] askPrices, askSizes;
    private int bidCount, askCount;

    /** An empty message with room for 16 levels a side (a reused view grows as needed). */
    public BookUpdate() {
        this(16, 16);
    }

    private BookUpdate(int bidCapacity, int askCapacity) {
        bidPrices = new double[bidCapacity];
        bidSizes = new double[bidCapacity];
        askPrices = new double[askCapacity];
        askSizes = new double[askCapacity];
    }

    /** Starts a new message in this (reused) object: clears levels, sets header fields. */
    public BookUpdate reset(long ts, long receiptTs, boolean snapshot) {
        setTimes(ts, receiptTs);
        this.snapshot = snapshot;
        this.firstSeq = this.lastSeq = this.prevSeq = -1;
        this.bidCount = this.askCount = 0;
        return this;
    }

    public BookUpdate sequence(long firstSeq, long lastSeq, long prevSeq) {
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.prevSeq = prevSeq;
        return this;
    }

    public BookUpdate addBid(double price, double size) {
        if (bidCount == bidPrices.length) {
            bidPrices = grow(bidPrices);
            bidSizes = grow(bidSizes);
        }
        bidPrices[bidCount] = price;
        bidSizes[bidCount++] = size;
        return this;
    }

    public BookUpdate addAsk(double price, double size) {
        if (askCount == askPrices.length) {
            askPrices = grow(askPrices);
            askSizes = grow(askSizes);
        }
        askPrices[askCount] = price;
        askSizes[askCount++] = size;
        return this;
    }

    private static double[] grow(double[] a) {
        return java.util.Arrays.copyOf(a, a.length * 2);
    }

    public boolean isSnapshot() {
        return snapshot;
    }

    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long prevSeq() {
        return prevSeq;
    }

    public int bidCount() {
        return bidCount;
    }

    public int askCount() {
        return askCount;
    }

    public double bidPrice(int i) {
        return bidPrices[i];
    }

    public double bidSize(int i) {
        return bidSizes[i];
    }

    public double askPrice(int i) {
        return askPrices[i];
    }

    public double askSize(int i) {
        return askSizes[i];
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public double getDouble(int field) {
        return getLong(field);
    }

    @Override
    public long getLong(int field) {
        return switch (field) {
            case I_IS_SNAPSHOT -> snapshot ? 1 : 0;
            case I_FIRST_SEQ -> firstSeq;
            case I_LAST_SEQ -> lastSeq;
            case I_PREV_SEQ -> prevSeq;
            default -> throw new IllegalArgumentException("l2_book field " + field + " is not scalar");
        };
    }

    @Override
    public double[] getArray(int field) {
        return switch (field) {
            case I_BID_PRICES -> bidPrices;
            case I_BID_SIZES -> bidSizes;
            case I_ASK_PRICES -> askPrices;
            case I_ASK_SIZES -> askSizes;
            default -> super.getArray(field);
        };
    }

    @Override
    public int arrayLength(int field) {
        return switch (field) {
            case I_BID_PRICES, I_BID_SIZES -> bidCount;
            case I_ASK_PRICES, I_ASK_SIZES -> askCount;
            default -> super.arrayLength(field);
        };
    }

    @Override
    public BookUpdate copy() {
        // sized to this message: kept copies (block buffers, tests) hold 1-3 level deltas by the million
        BookUpdate c = new BookUpdate(Math.max(1, bidCount), Math.max(1, askCount));
        c.copyFrom(this);
        return c;
    }

    @Override
    public void copyFrom(Event other) {
        if (other == this) {
            return;
        }
        if (!(other instanceof BookUpdate o)) {
            // any event of this schema, e.g. a FeatureEvent emitted by a map stage
            Events.requireSchema(SCHEMA, other);
            reset(other.ts(), other.receiptTs(), other.getLong(IS_SNAPSHOT) != 0)
                    .sequence(other.getLong(FIRST_SEQ), other.getLong(LAST_SEQ), other.getLong(PREV_SEQ));
            double[] bp = other.getArray(BID_PRICES);
            double[] bs = other.getArray(BID_SIZES);
            for (int i = 0; i < other.arrayLength(BID_PRICES); i++) {
                addBid(bp[i], bs[i]);
            }
            double[] ap = other.getArray(ASK_PRICES);
            double[] as = other.getArray(ASK_SIZES);
            for (int i = 0; i < other.arrayLength(ASK_PRICES); i++) {
                addAsk(ap[i], as[i]);
            }
            return;
        }
        reset(o.ts, o.receiptTs, o.snapshot).sequence(o.firstSeq, o.lastSeq, o.prevSeq);
        bidPrices = ensure(bidPrices, o.bidCount);
        bidSizes = ensure(bidSizes, o.bidCount);
        askPrices = ensure(askPrices, o.askCount);
        askSizes = ensure(askSizes, o.askCount);
        System.arraycopy(o.bidPrices, 0, bidPrices, 0, o.bidCount);
        System.arraycopy(o.bidSizes, 0, bidSizes, 0, o.bidCount);
        System.arraycopy(o.askPrices, 0, askPrices, 0, o.askCount);
        System.arraycopy(o.askSizes, 0, askSizes, 0, o.askCount);
        bidCount = o.bidCount;
        askCount = o.askCount;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(ts);
        out.writeLong(receiptTs);
        out.writeBoolean(snapshot);
        out.writeLong(firstSeq);
        out.writeLong(lastSeq);
        out.writeLong(prevSeq);
        out.writeInt(bidCount);
        for (int i = 0; i < bidCount; i++) {
            out.writeDouble(bidPrices[i]);
            out.writeDouble(bidSizes[i]);
        }
        out.writeInt(askCount);
        for (int i = 0; i < askCount; i++) {
            out.writeDouble(askPrices[i]);
            out.writeDouble(askSizes[i]);
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        reset(in.readLong(), in.readLong(), in.readBoolean());
        sequence(in.readLong(), in.readLong(), in.readLong());
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            addBid(in.readDouble(), in.readDouble());
        }
        n = in.readInt();
        for (int i = 0; i < n; i++) {
            addAsk(in.readDouble(), in.readDouble());
        }
    }
}
