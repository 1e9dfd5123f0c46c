package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import static io.featurizer.storage.ingest.Recorded.assertLevels;
import static io.featurizer.storage.ingest.Recorded.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CryptotickReaderTest {
    private static final String BOOK = "limitbook_full/20230201/BINANCE_SPOT_BTC_USDT.csv";
    private static final String HEADER = "time_exchange;time_coinapi;update_type;is_buy;entry_px;entry_sx;order_id\n";

    @TempDir
    Path tmp;

    private static long nanos(String isoInstant) {
        Instant i = Instant.parse(isoInstant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static IngestStats read(Path file, IngestOptions options, Recorded into) throws IOException {
        try (CryptotickReader reader = CryptotickReader.open(file, options)) {
            return reader.read(into);
        }
    }

    @Test
    void limitbookFixtureKeepsTheBookAndDeliversAbsoluteSizes() throws IOException {
        Recorded r = new Recorded();
        try (CryptotickReader reader = CryptotickReader.open(fixture(BOOK), IngestOptions.defaults())) {
            assertTrue(reader.isBook());
            assertEquals(LocalDate.of(2023, 2, 1), reader.day().orElseThrow());
            assertEquals(new VendorSource("l2_book", "BINANCE", "spot", "BTC-USDT"), reader.source().orElseThrow());
            // the SET before the first snapshot can't be placed: skipped, not malformed
            assertEquals(new IngestStats(12, 4, 1, 0), reader.read(r));
        }
        BookUpdate snap = r.get(0).book();
        assertTrue(snap.isSnapshot());
        assertEquals(3, r.get(0).line());
        // the opening snapshot is stamped with the previous day's close
        assertEquals(nanos("2023-01-31T23:59:59.999Z"), snap.ts());
        assertEquals(nanos("2023-02-01T00:00:00.100Z"), snap.receiptTs());
        assertLevels(snap, new double[][] {{23100.5, 1.5}, {23100.0, 2.5}}, new double[][] {{23101.0, 0.25}, {23101.5, 3}});

        BookUpdate a = r.get(1).book();
        assertFalse(a.isSnapshot());
        assertEquals(8, r.get(1).line());
        assertEquals(nanos("2023-02-01T00:00:00.200Z"), a.ts());
        assertEquals(nanos("2023-02-01T00:00:00.250Z"), a.receiptTs());
        assertLevels(a, new double[][] {{23100.5, 2.0}}, new double[][] {{23101.0, 0}}); // ADD 1.5+0.5; SUB 0.25-0.25 deletes
        assertLevels(r.get(2).book(), new double[][] {{23100.0, 4}}, new double[][] {{23101.5, 2}}); // SET; MATCH 3-1
        assertLevels(r.get(3).book(), new double[][] {{23100.5, 0}}, new double[][] {{23102.0, 1.5}}); // DELETE; ADD new level
        assertEquals(12, r.get(3).line());
        assertEquals(nanos("2023-02-01T00:00:00.410Z"), r.get(3).book().receiptTs());
    }

    @Test
    void tradesFixture() throws IOException {
        Recorded r = new Recorded();
        assertEquals(new IngestStats(2, 2, 0, 0), read(fixture("trades/20230201/BINANCE_SPOT_BTC_USDT.csv"), IngestOptions.defaults(), r));
        assertEquals(new Trade().set(nanos("2023-02-01T00:00:00.123Z"), nanos("2023-02-01T00:00:00.200Z"), Side.BUY, 23100.5, 0.01,
                2573904912L), r.get(0).event());
        Trade t = (Trade) r.get(1).event();
        assertEquals(Side.SELL, t.side());
        assertEquals(0x85944171f73967e8L, t.id(), "no venue id: FNV-1a 64 of the guid 'foobar'");
        assertEquals(nanos("2023-02-01T00:00:01.600Z"), t.receiptTs());
        assertEquals(new VendorSource("trades", "BINANCE", "spot", "BTC-USDT"), r.get(0).source());
    }

    @Test
    void gzipGivesTheSameEvents() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("limitbook_full/20230201"));
        Path gz = dir.resolve("BINANCE_SPOT_BTC_USDT.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(fixture(BOOK), out);
        }
        Recorded plain = new Recorded();
        Recorded zipped = new Recorded();
        read(fixture(BOOK), IngestOptions.defaults(), plain);
        read(gz, IngestOptions.defaults(), zipped);
        assertEquals(plain.items, zipped.items);
    }

    @Test
    void subtractionDustDeletesTheLevel() throws IOException {
        Path file = book(HEADER
                + "10:00:00.0000000;10:00:00.0010000;SNAPSHOT;0;100.5;0.3;\n"
                + "10:00:01.0000000;10:00:01.0010000;SUB;0;100.5;0.1;\n"
                + "10:00:01.0000000;10:00:01.0010000;SUB;0;100.5;0.2;\n");
        Recorded r = new Recorded();
        read(file, IngestOptions.defaults(), r);
        assertLevels(r.get(1).book(), new double[][] {}, new double[][] {{100.5, 0}}); // 0.3-0.1-0.2 = 5.6e-17 in doubles
    }

    @Test
    void hourlyPartitionCrossingMidnight() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("T-LIMITBOOK_FULL/D-2023020123/E-BINANCEFTS"));
        Path file = dir.resolve("IDDI-1+SC-BINANCEFTS_PERP_BTC_USDT+S-BTCUSDT.csv");
        Files.writeString(file, HEADER
                + "22:59:59.9990000;23:00:00.0010000;SNAPSHOT;1;100;1;\n"
                + "23:59:59.9000000;23:59:59.9500000;SET;1;100;2;\n"
                + "00:00:00.1000000;00:00:00.1500000;SET;1;100;3;\n");
        Recorded r = new Recorded();
        read(file, IngestOptions.defaults(), r);
        assertEquals(new VendorSource("l2_book", "BINANCE_FUTURES", "perpetual", "BTC-USDT"), r.get(0).source());
        assertEquals(nanos("2023-02-01T22:59:59.999Z"), r.get(0).event().ts());
        assertEquals(nanos("2023-02-01T23:59:59.900Z"), r.get(1).event().ts());
        assertEquals(nanos("2023-02-02T00:00:00.100Z"), r.get(2).event().ts());
        assertEquals(nanos("2023-02-02T00:00:00.150Z"), r.get(2).event().receiptTs());
    }

    @Test
    void strictErrorsNameFileLineAndReason() throws IOException {
        Path file = book(HEADER
                + "10:00:00.0000000;10:00:00.0010000;SNAPSHOT;0;100.5;0.3;\n"
                + "10:00:01.0000000;10:00:01.0010000;REPLACE;0;100.5;0.1;\n");
        assertEquals("bad update_type 'REPLACE' at " + file + ":3: expected SNAPSHOT, ADD, SUB, MATCH, SET or DELETE",
                assertThrows(IngestException.class, () -> read(file, IngestOptions.defaults(), new Recorded())).getMessage());

        Path l3 = book(HEADER + "10:00:00.0000000;10:00:00.0010000;SNAPSHOT;0;100.5;0.3;8812\n");
        assertEquals("bad order_id '8812' at " + l3 + ":2: expected an empty order_id: order-level (L3) limitbook files are not supported",
                assertThrows(IngestException.class, () -> read(l3, IngestOptions.defaults(), new Recorded())).getMessage());

        Path time = book(HEADER + "10:00;10:00:00.0010000;SNAPSHOT;0;100.5;0.3;\n");
        assertTrue(assertThrows(IngestException.class, () -> read(time, IngestOptions.defaults(), new Recorded())).getMessage()
                .startsWith("bad time_exchange '10:00' at " + time + ":2: expected a UTC time"));
    }

    @Test
    void lenientDropsTheMessageAndASnapshotDropForgetsTheBook() throws IOException {
        Path file = book(HEADER
                + "10:00:00.0000000;10:00:00.0010000;SNAPSHOT;1;100;1;\n"      // 2 snapshot
                + "10:00:00.0000000;10:00:00.0010000;SNAPSHOT;0;101;1;\n"      // 3
                + "10:00:01.0000000;10:00:01.0010000;ADD;1;100;1;\n"           // 4 message dropped: its second row is bad
                + "10:00:01.0000000;10:00:01.0010000;ADD;x;100;1;\n"           // 5
                + "10:00:02.0000000;10:00:02.0010000;ADD;1;100;1;\n"           // 6 applies to the book without line 4: 1+1
                + "10:00:03.0000000;10:00:03.0010000;SNAPSHOT;1;200;1;\n"      // 7 snapshot dropped: bad size
                + "10:00:03.0000000;10:00:03.0010000;SNAPSHOT;0;201;-1;\n"     // 8
                + "10:00:04.0000000;10:00:04.0010000;ADD;1;200;1;\n"           // 9 skipped: no book
                + "10:00:05.0000000;10:00:05.0010000;SNAPSHOT;1;300;5;\n");    // 10
        Recorded r = new Recorded();
        assertEquals(new IngestStats(9, 3, 5, 2), read(file, IngestOptions.defaults().lenient(true), r));
        assertEquals(2, r.get(0).line());
        assertLevels(r.get(1).book(), new double[][] {{100, 2}}, new double[][] {});
        assertEquals(6, r.get(1).line());
        assertEquals(10, r.get(2).line());
    }

    @Test
    void fileNames() {
        assertEquals(new CoinApiFileName("BINANCE", "spot", "BTC-USDT", LocalDate.of(2023, 2, 1), 0),
                CoinApiFileName.parse("s3://svoe-cryptotick-data/limitbook_full/20230201/BINANCE_SPOT_BTC_USDT.csv.gz"));
        assertEquals(new CoinApiFileName("BINANCE_FUTURES", "perpetual", "BTC-USDT", LocalDate.of(2023, 2, 1), 5),
                CoinApiFileName.parse("/data/T-LIMITBOOK_FULL/D-2023020105/E-BINANCEFTS/IDDI-12+SC-BINANCEFTS_PERP_BTC_USDT+S-BTCUSDT.csv.gz"));
        assertEquals(new CoinApiFileName("BINANCE", "spot", "BTC-USDT", LocalDate.of(2025, 9, 1), 0),
                CoinApiFileName.parse("/x/19990101/limitbook_full_binance_spot_btc_usdt_20250901.csv"));
        assertEquals(new CoinApiFileName("BINANCE_FUTURES", "futures", "BTC-USDT-230331", null, 0),
                CoinApiFileName.parse("BINANCEFTS_FTS_BTC_USDT_230331.csv"));
        assertEquals(new CoinApiFileName("OKX", "perpetual", "BTC-USDT", null, 0), CoinApiFileName.parse("OKEX_PERP_BTC_USDT.csv"));
        assertEquals(new CoinApiFileName(null, null, null, null, 0), CoinApiFileName.parse("book.csv"));
    }

    @Test
    void sourceAndDayFromOverridesWhenThePathTellsNothing() throws IOException {
        Path file = tmp.resolve("book.csv");
        Files.writeString(file, HEADER + "10:00:00.0000000;10:00:00.0010000;SNAPSHOT;1;100;1;\n");
        IngestException e = assertThrows(IngestException.class, () -> CryptotickReader.open(file, IngestOptions.defaults()));
        assertEquals("no exchange, instrument type and symbol in the file name in " + file
                + ": expected a CoinAPI symbol id in the name (e.g. BINANCE_SPOT_BTC_USDT.csv.gz) or them given explicitly", e.getMessage());

        IngestOptions named = IngestOptions.defaults().withExchange("COINBASE").withInstrumentType("spot").withSymbol("BTC-USD");
        assertTrue(assertThrows(IngestException.class, () -> read(file, named, new Recorded())).getMessage()
                .startsWith("rows are stamped with a time of day only in " + file + ": expected the file's day"));

        Recorded r = new Recorded();
        read(file, named.withDay(LocalDate.of(2023, 3, 4)), r);
        assertEquals(new VendorSource("l2_book", "COINBASE", "spot", "BTC-USD"), r.get(0).source());
        assertEquals(nanos("2023-03-04T10:00:00Z"), r.get(0).event().ts());
    }

    @Test
    void wrongHeader() throws IOException {
        Path file = book("time_exchange;time_coinapi;update_type;is_buy;entry_px\n");
        assertEquals("wrong header 'time_exchange,time_coinapi,update_type,is_buy,entry_px' at " + file + ":1: expected the Cryptotick "
                        + "limitbook_full columns time_exchange,time_coinapi,update_type,is_buy,entry_px,entry_sx",
                assertThrows(IngestException.class, () -> CryptotickReader.open(file, IngestOptions.defaults())).getMessage());
    }

    private Path book(String content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("limitbook_full/20230201"));
        Path file = dir.resolve("BINANCE_SPOT_BTC_USDT.csv");
        Files.writeString(file, content);
        return file;
    }
}
