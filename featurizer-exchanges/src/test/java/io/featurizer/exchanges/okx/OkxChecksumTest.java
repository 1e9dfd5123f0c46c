package io.featurizer.exchanges.okx;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class OkxChecksumTest {
    private final OkxProtocol protocol = new OkxProtocol();

    /** CRC32 of a hand-written check string, signed, computed here independently of the code under test. */
    static long crc(String checkString) {
        CRC32 c = new CRC32();
        c.update(checkString.getBytes(StandardCharsets.US_ASCII));
        return (int) c.getValue();
    }

    static OrderBook book(double[][] bids, double[][] asks) {
        BookUpdate u = new BookUpdate().reset(0, 0, true);
        for (double[] b : bids) {
            u.addBid(b[0], b[1]);
        }
        for (double[] a : asks) {
            u.addAsk(a[0], a[1]);
        }
        OrderBook book = new OrderBook();
        book.apply(u);
        return book;
    }

    @Test
    void documentedExampleWithBothSidesPaired() {
        // OKX docs: bids [3366.1, 7], [3366, 6]; asks [3366.8, 9], [3368, 8]
        // check string "3366.1:7:3366.8:9:3366:6:3368:8"; published value (OKEx v3 docs) -1881014294.
        assertEquals(-1881014294L, crc("3366.1:7:3366.8:9:3366:6:3368:8"));
        OrderBook b = book(new double[][]{{3366.1, 7}, {3366, 6}}, new double[][]{{3366.8, 9}, {3368, 8}});
        assertEquals(-1881014294L, protocol.checksum(b));
    }

    @Test
    void documentedExampleWithFewerBids() {
        // bids [3366.1, 7]; asks [3366.8, 9], [3368, 8], [3372, 8] -> "3366.1:7:3366.8:9:3368:8:3372:8", 831078360.
        assertEquals(831078360L, crc("3366.1:7:3366.8:9:3368:8:3372:8"));
        OrderBook b = book(new double[][]{{3366.1, 7}}, new double[][]{{3366.8, 9}, {3368, 8}, {3372, 8}});
        assertEquals(831078360L, protocol.checksum(b));
    }

    @Test
    void documentedSnapshotBook() throws Exception {
        RecordingSink sink = new RecordingSink();
        Subscription sub = new Subscription("BTC-USDT", Channel.L2_BOOK);
        FrameDecoder d = protocol.newDecoder(List.of(sub));
        byte[] f = Fixtures.bytes("ws_books_snapshot.json");
        d.decode(f, 0, f.length, 0, sink);
        OrderBook book = new OrderBook();
        book.apply((BookUpdate) sink.events.get(0));
        String expected = "8476.97:256:8476.98:415:8475.55:101:8477:7:8475.54:100:8477.34:85:8475.3:1:8477.56:1:"
                + "8447.32:6:8505.84:8:8447.02:246:8506.37:85:8446.83:24:8506.49:2:8446:95:8506.96:100";
        assertEquals(crc(expected), protocol.checksum(book));
        // The docs' example carries an illustrative checksum that is not its levels' CRC.
        assertNotEquals(-855196043L, protocol.checksum(book));
    }

    @Test
    void onlyTheBest25LevelsPerSideCount() {
        double[][] bids = new double[30][];
        double[][] asks = new double[30][];
        for (int i = 0; i < 30; i++) {
            bids[i] = new double[]{1000 - i, 1};
            asks[i] = new double[]{1001 + i, 2};
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            s.append(i == 0 ? "" : ":").append(1000 - i).append(":1:").append(1001 + i).append(":2");
        }
        assertEquals(crc(s.toString()), protocol.checksum(book(bids, asks)));
    }

    @Test
    void decimalsAreWrittenWithoutTrailingZerosOrExponents() {
        OkxChecksum c = new OkxChecksum();
        OrderBook b = book(new double[][]{{0.1, 0.00001}, {0.05, 1e-8}}, new double[][]{{0.25, 120.0}});
        int sum = c.of(b);
        assertEquals("0.1:0.00001:0.25:120:0.05:0.00000001", c.lastCheckString());
        assertEquals(crc("0.1:0.00001:0.25:120:0.05:0.00000001"), sum);
    }

    @Test
    void deletedLevelsLeaveTheChecksum() {
        OrderBook b = book(new double[][]{{3366.1, 7}, {3366, 6}}, new double[][]{{3366.8, 9}, {3368, 8}});
        BookUpdate del = new BookUpdate().reset(0, 0, false).addBid(3366, 0);
        b.apply(del);
        assertEquals(crc("3366.1:7:3366.8:9:3368:8"), protocol.checksum(b));
    }

    @Test
    void aDoubleThatIsNoShortDecimalIsWrittenInFull() {
        double price = 3000001 * 0.01; // arithmetic, not parsed: 30000.010000000002
        assertNotEquals(30000.01, price);
        OkxChecksum c = new OkxChecksum();
        c.of(book(new double[][]{{price, 1}}, new double[][]{}));
        assertEquals("30000.010000000002:1", c.lastCheckString());
    }

    @Test
    void aReusedInstanceAgreesWithAFreshlyWrittenCheckStringOnManyBooks() {
        // one instance sees tens of thousands of distinct values: its cache of formatted values collides often
        OkxChecksum c = new OkxChecksum();
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        for (int n = 0; n < 2_000; n++) {
            int levels = 1 + r.nextInt(30);
            double[][] bids = new double[levels][];
            double[][] asks = new double[levels][];
            long mid = r.nextLong(100_000, 10_000_000);
            for (int i = 0; i < levels; i++) {
                double size = r.nextBoolean() ? r.nextLong(1, 100_000_000) / 1e8 : r.nextLong(1, 5000) * 0.001; // the latter: arithmetic doubles
                bids[i] = new double[]{(mid - 1 - i) / 100.0, size};
                asks[i] = new double[]{(mid + i) / 100.0, size * 3};
            }
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < Math.min(25, levels); i++) {
                want.append(i == 0 ? "" : ":").append(plain(bids[i][0])).append(':').append(plain(bids[i][1]))
                        .append(':').append(plain(asks[i][0])).append(':').append(plain(asks[i][1]));
            }
            int sum = c.of(book(bids, asks));
            assertEquals(want.toString(), c.lastCheckString());
            assertEquals(crc(want.toString()), sum);
        }
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    @Test
    void emptyBook() {
        assertEquals(crc(""), protocol.checksum(new OrderBook()));
        assertEquals(0L, crc(""));
    }
}
