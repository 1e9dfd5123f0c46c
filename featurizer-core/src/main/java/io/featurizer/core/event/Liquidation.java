package io.featurizer.core.event;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One forced liquidation on a derivatives venue: the side of the liquidation order ({@link Side}), price,
 * amount (the venue's unit, as for trades) and the venue's id (hashed with {@link TradeIds} when it is not
 * a number; 0 when the venue gives none). The side is the order's, as Tardis and the venues report it:
 * a liquidated long is closed by a SELL order, a liquidated short by a BUY order.
 * A reusable view: see {@link Event}.
 */
public final class Liquidation extends Event {
    public static final Schema SCHEMA = Schema.builder("liquidations")
            .addLong("side").addDouble("price").addDouble("amount").addLong("id").build();
    public static final Schema.LongField SIDE = SCHEMA.longField("side");
    public static final Schema.DoubleField PRICE = SCHEMA.doubleField("price");
    public static final Schema.DoubleField AMOUNT = SCHEMA.doubleField("amount");
    public static final Schema.LongField ID = SCHEMA.longField("id");
    // indexes of the fields above, for this class's own switches; readers use the handles
    private static final int I_SIDE = 0, I_PRICE = 1, I_AMOUNT = 2, I_ID = 3;

    private int side;
    private double price;
    private double amount;
    private long id;

    public Liquidation set(long ts, long receiptTs, int side, double price, double amount, long id) {
        setTimes(ts, receiptTs);
        this.side = side;
        this.price = price;
        this.amount = amount;
        this.id = id;
        return this;
    }

    /** The liquidation order's side: {@link Side#SELL} closes a long, {@link Side#BUY} a short. */
    public int side() {
        return side;
    }

    public boolean isBuy() {
        return side == Side.BUY;
    }

    public double price() {
        return price;
    }

    public double amount() {
        return amount;
    }

    public long id() {
        return id;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public double getDouble(int field) {
        return switch (field) {
            case I_SIDE -> side;
            case I_PRICE -> price;
            case I_AMOUNT -> amount;
            case I_ID -> id;
            default -> throw new IndexOutOfBoundsException("liquidations field " + field);
        };
    }

    @Override
    public long getLong(int field) {
        return field == I_ID ? id : field == I_SIDE ? side : (long) getDouble(field);
    }

    @Override
    public Liquidation copy() {
        return new Liquidation().set(ts, receiptTs, side, price, amount, id);
    }

    @Override
    public void copyFrom(Event other) {
        if (other instanceof Liquidation o) {
            set(o.ts, o.receiptTs, o.side, o.price, o.amount, o.id);
            return;
        }
        // any event of this schema, e.g. a FeatureEvent emitted by a map stage
        Events.requireSchema(SCHEMA, other);
        set(other.ts(), other.receiptTs(), (int) other.getLong(SIDE), other.getDouble(PRICE), other.getDouble(AMOUNT), other.getLong(ID));
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(ts);
        out.writeLong(receiptTs);
        out.writeByte(side);
        out.writeDouble(price);
        out.writeDouble(amount);
        out.writeLong(id);
    }

    @Override
    public void read(DataInput in) throws IOException {
        set(in.readLong(), in.readLong(), in.readByte(), in.readDouble(), in.readDouble(), in.readLong());
    }
}
