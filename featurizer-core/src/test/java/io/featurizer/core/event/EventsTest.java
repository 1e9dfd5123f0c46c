package io.featurizer.core.event;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copies, serialization and value equality of BookUpdate, Trade, Quote and FeatureEvent. */
class EventsTest {

    private static byte[] written(Event e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.write(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static <E extends Event> E readInto(E target, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        target.read(in);
        assertEquals(-1, in.read(), "read() must consume exactly what write() wrote");
        return target;
    }

    private static BookUpdate bigBook(long ts, int levels) {
        BookUpdate u = new BookUpdate().reset(ts, ts + 5, true).sequence(10, 20, 9);
        for (int i = 0; i < levels; i++) {
            u.addBid(100 - i * 0.1, 1 + i);
            u.addAsk(100.1 + i * 0.1, 2 + i);
        }
        return u;
    }

    // ---------------- BookUpdate ----------------

    @Test
    void bookUpdateFieldsAndSchemaView() {
        BookUpdate u = new BookUpdate().reset(1_000, 1_007, false).sequence(5, 8, 4).addBid(10.5, 2).addAsk(11, 3).addAsk(11.5, 0);
        assertEquals(1_000, u.ts());
        assertEquals(1_007, u.receiptTs());
        assertFalse(u.isSnapshot());
        assertEquals(5, u.firstSeq());
        assertEquals(8, u.lastSeq());
        assertEquals(4, u.prevSeq());
        assertEquals(1, u.bidCount());
        assertEquals(2, u.askCount());
        assertEquals(0, u.getLong(BookUpdate.IS_SNAPSHOT));
        assertEquals(8, u.getLong(u.schema().index("last_seq")));
        assertEquals(4.0, u.getDouble(BookUpdate.PREV_SEQ.index()));
        assertEquals(2, u.arrayLength(BookUpdate.ASK_PRICES));
        assertEquals(11.5, u.getArray(BookUpdate.ASK_PRICES)[1]);
        assertEquals(0.0, u.getArray(BookUpdate.ASK_SIZES)[1]);
        assertEquals(1, u.arrayLength(u.schema().index("bid_sizes")));
        // reset clears the header and levels of the reused object
        u.reset(2_000, 2_001, true);
        assertTrue(u.isSnapshot());
        assertEquals(-1, u.firstSeq());
        assertEquals(0, u.bidCount());
        assertEquals(0, u.arrayLength(BookUpdate.ASK_PRICES));
    }

    @Test
    void bookUpdateCopyIsDeepAndIndependent() {
        BookUpdate u = bigBook(100, 40); // beyond the initial 16-level arrays
        BookUpdate c = u.copy();
        assertNotSame(u, c);
        assertEquals(u, c);
        assertEquals(40, c.bidCount());
        assertEquals(100 - 39 * 0.1, c.bidPrice(39));
        // mutating the original (as a producer reusing it would) leaves the copy alone
        u.reset(200, 201, false).addBid(1, 1);
        assertEquals(40, c.bidCount());
        assertEquals(100, c.ts());
        assertEquals(100.0, c.bidPrice(0));
        assertNotEquals(u, c);
    }

    @Test
    void bookUpdateCopyFromOverwritesEverything() {
        BookUpdate small = new BookUpdate().reset(1, 2, false).sequence(3, 3, 2).addBid(5, 5);
        BookUpdate target = bigBook(7, 30);
        target.copyFrom(small);
        assertEquals(small, target);
        assertEquals(1, target.bidCount());
        assertEquals(0, target.askCount());
        assertFalse(target.isSnapshot());

        BookUpdate big = bigBook(9, 50);
        small.copyFrom(big); // grows
        assertEquals(big, small);
        assertEquals(50, small.askCount());
        assertEquals(100.1 + 49 * 0.1, small.askPrice(49));
    }

    @Test
    void bookUpdateWriteReadRoundTrip() throws IOException {
        BookUpdate u = bigBook(123_456_789_000L, 35);
        u.addAsk(Double.MIN_VALUE, -0.0);
        BookUpdate back = readInto(new BookUpdate(), written(u));
        assertEquals(u, back);
        assertEquals(u.ts(), back.ts());
        assertEquals(u.receiptTs(), back.receiptTs());
        assertEquals(20, back.lastSeq());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.askSize(35)));

        // reading into a reused object with more levels replaces them
        BookUpdate reused = bigBook(1, 60);
        BookUpdate delta = new BookUpdate().reset(5, 6, false).sequence(-1, -1, -1).addAsk(3, 0);
        readInto(reused, written(delta));
        assertEquals(delta, reused);
        assertEquals(0, reused.bidCount());
        assertEquals(1, reused.askCount());
    }

    // ---------------- Trade ----------------

    @Test
    void tradeCopyCopyFromAndRoundTrip() throws IOException {
        Trade t = new Trade().set(10, 12, Side.SELL, 30_000.5, 0.25, 9_007_199_254_740_993L); // id > 2^53
        assertEquals(Side.SELL, t.getLong(Trade.SIDE));
        assertEquals(-1.0, t.getDouble(Trade.SIDE.index()));
        assertEquals(9_007_199_254_740_993L, t.getLong(Trade.ID));
        assertFalse(t.isBuy());

        Trade c = t.copy();
        assertEquals(t, c);
        t.set(11, 13, Side.BUY, 1, 1, 1);
        assertEquals(Side.SELL, c.side());
        assertEquals(30_000.5, c.price());
        assertEquals(9_007_199_254_740_993L, c.id());

        Trade target = new Trade();
        target.copyFrom(c);
        assertEquals(c, target);

        Trade back = readInto(new Trade(), written(c));
        assertEquals(c, back);
        assertEquals(Side.SELL, back.side());
        assertEquals(9_007_199_254_740_993L, back.id());
        Trade buy = readInto(new Trade(), written(t));
        assertTrue(buy.isBuy());
        assertEquals(t, buy);
    }

    // ---------------- Quote ----------------

    @Test
    void quoteCopyCopyFromAndRoundTrip() throws IOException {
        Quote q = new Quote().set(5, 6, 99.5, 1.5, 100.5, 2.5);
        assertEquals(99.5, q.getDouble(Quote.SCHEMA.index("bid_price")));
        assertEquals(2.5, q.getDouble(Quote.ASK_SIZE));
        Quote c = q.copy();
        assertEquals(q, c);
        q.set(7, 8, 1, 1, 2, 2);
        assertEquals(99.5, c.bidPrice());
        assertEquals(5, c.ts());
        Quote target = new Quote();
        target.copyFrom(c);
        assertEquals(c, target);
        Quote back = readInto(new Quote(), written(c));
        assertEquals(c, back);
        assertEquals(100.5, back.askPrice());
        assertEquals(6, back.receiptTs());
    }

    // ---------------- FeatureEvent ----------------

    private static final Schema MIXED = Schema.builder("mixed").addDouble("x").addLong("n").addArray("levels").addDouble("y").build();

    private static FeatureEvent mixed(long ts, double x, long n, double[] levels, double y) {
        FeatureEvent e = new FeatureEvent(MIXED);
        e.setTimes(ts, ts + 1);
        e.set(0, x).setLong(1, n).set(3, y);
        double[] a = e.arrayForWrite(2, levels.length);
        System.arraycopy(levels, 0, a, 0, levels.length);
        return e;
    }

    @Test
    void featureEventCopyCopyFromAndRoundTrip() throws IOException {
        double[] levels = new double[20];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = i * 1.5;
        }
        long big = Long.MAX_VALUE - 3; // not representable as a double: must survive as a long
        FeatureEvent e = mixed(42, 0.1, big, levels, Double.NaN);
        assertEquals(big, e.getLong(1));
        assertEquals(20, e.arrayLength(2));

        FeatureEvent c = e.copy();
        assertEquals(e, c);
        assertEquals(big, c.getLong(1));
        e.set(0, 9).setLong(1, 1).arrayForWrite(2, 1)[0] = -1;
        assertEquals(0.1, c.getDouble(0));
        assertEquals(big, c.getLong(1));
        assertEquals(20, c.arrayLength(2));
        assertEquals(28.5, c.getArray(2)[19]);

        FeatureEvent target = mixed(1, 1, 1, new double[] {1, 2, 3}, 1);
        target.copyFrom(c);
        assertEquals(c, target);
        assertEquals(big, target.getLong(1));

        FeatureEvent back = readInto(new FeatureEvent(MIXED), written(c));
        assertEquals(c, back);
        assertEquals(big, back.getLong(1));
        assertEquals(42, back.ts());
        assertEquals(43, back.receiptTs());
        assertTrue(Double.isNaN(back.getDouble(3)));
        assertArrayEquals(levels, java.util.Arrays.copyOf(back.getArray(2), back.arrayLength(2)));

        // reading a shorter array into a reused event shrinks the valid length
        FeatureEvent shortOne = mixed(3, 1, 2, new double[] {7}, 4);
        readInto(back, written(shortOne));
        assertEquals(1, back.arrayLength(2));
        assertEquals(shortOne, back);
    }

    @Test
    void featureEventCopiesAMarketEventOfTheSameSchema() {
        Trade t = new Trade().set(1, 2, Side.SELL, 10.25, 3, 77);
        FeatureEvent f = new FeatureEvent(Trade.SCHEMA);
        f.copyFrom(t);
        assertEquals(t, f);
        assertEquals(f, t);
        assertEquals(-1, f.getLong(Trade.SIDE));
        assertEquals(77, f.getLong(Trade.ID));
        assertInstanceOf(Trade.class, Events.newEvent(Trade.SCHEMA));
        assertInstanceOf(Quote.class, Events.newEvent(Quote.SCHEMA));
        assertInstanceOf(BookUpdate.class, Events.newEvent(BookUpdate.SCHEMA));
        assertInstanceOf(FeatureEvent.class, Events.newEvent(MIXED));
    }

    // ---------------- sameValues / equals ----------------

    @Test
    void sameValuesIgnoresTimestampsEqualsDoesNot() {
        double[] lv = {1, 2, 3};
        FeatureEvent a = mixed(10, 1.5, 7, lv, 2.5);
        FeatureEvent b = mixed(20, 1.5, 7, lv, 2.5);
        assertTrue(a.sameValues(b));
        assertNotEquals(a, b);
        b.setTimes(10, 11);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setTimes(10, 12); // receipt time differs
        assertNotEquals(a, b);
        assertTrue(a.sameValues(b));

        // values compared bit for bit: NaN equals NaN, 0.0 differs from -0.0
        assertTrue(mixed(1, Double.NaN, 0, lv, 0).sameValues(mixed(1, Double.NaN, 0, lv, 0)));
        assertFalse(mixed(1, 0.0, 0, lv, 0).sameValues(mixed(1, -0.0, 0, lv, 0)));
        assertFalse(a.sameValues(mixed(10, 1.5, 8, lv, 2.5)), "long differs");
        assertFalse(a.sameValues(mixed(10, 1.5, 7, new double[] {1, 2}, 2.5)), "array length differs");
        assertFalse(a.sameValues(mixed(10, 1.5, 7, new double[] {1, 2, 4}, 2.5)), "array value differs");
        assertFalse(a.sameValues(mixed(10, 1.5, 7, lv, Math.nextUp(2.5))), "last double differs by an ulp");
        // only the valid prefix of an array counts
        FeatureEvent longer = mixed(10, 1.5, 7, new double[] {1, 2, 3, 99}, 2.5);
        longer.arrayForWrite(2, 3);
        assertTrue(a.sameValues(longer));

        // different schemas are never equal
        FeatureEvent other = new FeatureEvent(Schema.ofDoubles("other", "x"));
        assertFalse(a.sameValues(other));
        assertNotEquals(a, other);
        assertNotEquals(new Quote().set(1, 1, 1, 1, 1, 1), new FeatureEvent(Schema.ofDoubles("ticker", "bid_price")));

        Trade t1 = new Trade().set(1, 2, Side.BUY, 1, 1, 5);
        Trade t2 = new Trade().set(3, 4, Side.BUY, 1, 1, 5);
        assertTrue(t1.sameValues(t2));
        assertNotEquals(t1, t2);
        assertFalse(t1.sameValues(new Trade().set(1, 2, Side.SELL, 1, 1, 5)));

        BookUpdate u1 = bigBook(1, 3);
        BookUpdate u2 = bigBook(2, 3);
        assertTrue(u1.sameValues(u2));
        u2.addBid(1, 1);
        assertFalse(u1.sameValues(u2));
        assertNotEquals(u1, "not an event");
    }

    // ---------------- Schema ----------------

    @Test
    void schemaIndexErrorsNameTheFieldAndTheKnownFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trade.SCHEMA.index("volume"));
        assertTrue(e.getMessage().contains("'volume'"), e.getMessage());
        assertTrue(e.getMessage().contains("trades"), e.getMessage());
        for (String known : new String[] {"side", "price", "amount", "id"}) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
        assertEquals(1, Trade.SCHEMA.index("price"));
        assertTrue(Trade.SCHEMA.has("id"));
        assertFalse(Trade.SCHEMA.has("volume"));

        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> Schema.builder("s").addDouble("a").addLong("a").build());
        assertTrue(dup.getMessage().contains("'a'"), dup.getMessage());

        // reading an array of a scalar field names schema and field
        IllegalArgumentException notArray = assertThrows(IllegalArgumentException.class, () -> new Quote().getArray(Quote.BID_SIZE.index()));
        assertTrue(notArray.getMessage().contains("ticker.bid_size"), notArray.getMessage());
        IllegalArgumentException notArray2 = assertThrows(IllegalArgumentException.class,
                () -> new FeatureEvent(MIXED).arrayLength(MIXED.index("n")));
        assertTrue(notArray2.getMessage().contains("mixed.n"), notArray2.getMessage());
        IllegalArgumentException notArray3 = assertThrows(IllegalArgumentException.class,
                () -> new BookUpdate().arrayLength(BookUpdate.FIRST_SEQ.index()));
        assertTrue(notArray3.getMessage().contains("first_seq"), notArray3.getMessage());
    }

    @Test
    void schemaShapeAndEquality() {
        Schema a = Schema.builder("s").addDouble("x").addLong("n").addArray("v").build();
        Schema b = Schema.builder("s").addDouble("x").addLong("n").addArray("v").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Schema.builder("s2").addDouble("x").addLong("n").addArray("v").build());
        assertNotEquals(a, Schema.builder("s").addDouble("x").addDouble("n").addArray("v").build());
        assertEquals(3, a.size());
        assertEquals(FieldType.LONG, a.type(1));
        assertEquals("v", a.field(2).name());
        assertFalse(a.isScalar());
        assertTrue(Quote.SCHEMA.isScalar());
        assertEquals(java.util.List.of("bid_price", "bid_size", "ask_price", "ask_size"),
                Quote.SCHEMA.fields().stream().map(Schema.Field::name).toList());
    }
}
