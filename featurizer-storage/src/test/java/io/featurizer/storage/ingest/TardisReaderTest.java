package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Features;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;

import static io.featurizer.storage.ingest.Recorded.assertLevels;
import static io.featurizer.storage.ingest.Recorded.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TardisReaderTest {
    private static final String L2 = "binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv";
    private static final VendorSource BTCUSDT_BOOK = new VendorSource("l2_book", "BINANCE_FUTURES", "perpetual", "BTC-USDT");

    @TempDir
    Path tmp;

    private static Recorded read(Path file, IngestOptions options) throws IOException {
        Recorded r = new Recorded();
        try (TardisReader reader = TardisReader.open(file, options)) {
            reader.read(r);
        }
        return r;
    }

    private static IngestStats readStats(Path file, IngestOptions options, Recorded into) throws IOException {
        try (TardisReader reader = TardisReader.open(file, options)) {
            return reader.read(into);
        }
    }

    @Test
    void realDeribitIncrementalSampleIsOneSnapshotOfFifteenAsks() throws IOException {
        Recorded r = new Recorded();
        IngestStats stats = readStats(fixture("tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv"), IngestOptions.defaults(), r);
        assertEquals(new IngestStats(15, 1, 0, 0), stats);
        BookUpdate b = r.get(0).book();
        assertTrue(b.isSnapshot());
        assertEquals(1585699200245000_000L, b.ts());
        assertEquals(1585699200355684_000L, b.receiptTs());
        assertEquals(0, b.bidCount());
        assertEquals(15, b.askCount());
        assertEquals(6421.5, b.askPrice(0));
        assertEquals(18640, b.askSize(0));
        assertEquals(6428.5, b.askPrice(14));
        assertEquals(39950, b.askSize(14));
        assertEquals(-1, b.firstSeq());
        assertEquals(2, r.get(0).line());
        assertEquals(new VendorSource("l2_book", "DERIBIT", "perpetual", "BTC-PERPETUAL"), r.get(0).source());
    }

    @Test
    void realBookSnapshot5() throws IOException {
        Recorded r = new Recorded();
        IngestStats stats = readStats(fixture("tardis_binance-futures_book_snapshot_5_BTCUSDT.csv"), IngestOptions.defaults(), r);
        assertEquals(new IngestStats(10, 10, 0, 0), stats);
        BookUpdate first = r.get(0).book();
        assertTrue(first.isSnapshot());
        assertEquals(1598918403696000_000L, first.ts());
        assertEquals(1598918403810979_000L, first.receiptTs());
        assertLevels(first,
                new double[][] {{11657.07, 10.896}, {11656.97, 0.2}, {11655.78, 0.2}, {11655.77, 0.98}, {11655.68, 0.111}},
                new double[][] {{11657.08, 1.714}, {11657.54, 5.4}, {11657.56, 0.238}, {11657.61, 0.077}, {11657.92, 0.918}});
        BookUpdate last = r.last().book();
        assertEquals(1598918404284000_000L, last.ts());
        assertEquals(1598918404289427_000L, last.receiptTs());
        assertEquals(11657.08, last.askPrice(0));
        assertEquals(1.393, last.askSize(0));
        assertEquals(11655.7, last.bidPrice(4));
        assertEquals(0.188, last.bidSize(4));
        assertEquals(11, r.last().line());
        assertEquals(BTCUSDT_BOOK.withDepth(5), r.get(0).source(), "top-5 snapshots are a source of their own");
        assertEquals(5, r.get(0).source().feature().params().get("depth"));
    }

    @Test
    void realBookSnapshot25() throws IOException {
        Recorded r = new Recorded();
        try (TardisReader reader = TardisReader.open(fixture("tardis_binance-futures_book_snapshot_25_BTCUSDT.csv"), IngestOptions.defaults())) {
            assertEquals(TardisDataType.BOOK_SNAPSHOT, reader.dataType());
            assertEquals(25, reader.depth());
            assertEquals(new IngestStats(10, 10, 0, 0), reader.read(r));
        }
        BookUpdate first = r.get(0).book();
        assertEquals(25, first.bidCount());
        assertEquals(25, first.askCount());
        assertEquals(11657.08, first.askPrice(0));
        assertEquals(11657.07, first.bidPrice(0));
        assertEquals(10.896, first.bidSize(0));
        assertEquals(11659.34, first.askPrice(24));
        assertEquals(0.618, first.askSize(24));
        assertEquals(11653.25, first.bidPrice(24));
        assertEquals(1.003, first.bidSize(24));
        BookUpdate last = r.last().book();
        assertEquals(1598918404005000_000L, last.ts());
        assertEquals(1598918404009468_000L, last.receiptTs());
        assertEquals(1.475, last.askSize(0));
        assertEquals(10.881, last.bidSize(0));
        assertEquals(11659.28, last.askPrice(24));
        assertEquals(0.06, last.askSize(24));
    }

    @Test
    void incrementalRowsAreGroupedIntoMessages() throws IOException {
        Recorded r = new Recorded();
        assertEquals(new IngestStats(10, 5, 0, 0), readStats(fixture(L2), IngestOptions.defaults(), r));
        // snapshot: rows 2-5 (a run of is_snapshot=true, even across two local_timestamps)
        BookUpdate snap = r.get(0).book();
        assertTrue(snap.isSnapshot());
        assertEquals(2, r.get(0).line());
        assertEquals(1598918400000000_000L, snap.ts());
        assertEquals(1598918400100000_000L, snap.receiptTs());
        assertLevels(snap, new double[][] {{11650.5, 1.5}, {11650.4, 2}}, new double[][] {{11650.6, 0.75}, {11650.7, 3}});
        // deltas: one message per local_timestamp
        BookUpdate d1 = r.get(1).book();
        assertFalse(d1.isSnapshot());
        assertEquals(6, r.get(1).line());
        assertEquals(1598918400200000_000L, d1.ts());
        assertEquals(1598918400250000_000L, d1.receiptTs());
        assertLevels(d1, new double[][] {{11650.5, 0}}, new double[][] {{11650.6, 1.25}});
        assertLevels(r.get(2).book(), new double[][] {{11650.3, 4}}, new double[][] {});
        assertEquals(8, r.get(2).line());
        // a flip back to is_snapshot=true starts a new snapshot
        assertTrue(r.get(3).book().isSnapshot());
        assertEquals(9, r.get(3).line());
        assertLevels(r.get(3).book(), new double[][] {{11651, 1}}, new double[][] {{11651.5, 2}});
        assertLevels(r.get(4).book(), new double[][] {}, new double[][] {{11651.5, 0}});
        assertEquals(1598918400500000_000L, r.get(4).book().ts());
        for (Recorded.Item item : r.items) {
            assertEquals(BTCUSDT_BOOK, item.source());
        }
        assertEquals(Features.l2Book("BINANCE_FUTURES", "perpetual", "BTC-USDT").key(), r.get(0).source().feature().key());
    }

    @Test
    void trades() throws IOException {
        Recorded r = new Recorded();
        assertEquals(new IngestStats(3, 3, 0, 0), readStats(fixture("deribit_trades_2020-04-01_BTC-PERPETUAL.csv"), IngestOptions.defaults(), r));
        Trade t0 = (Trade) r.get(0).event();
        assertEquals(new Trade().set(1585699200245000_000L, 1585699200355684_000L, Side.BUY, 6421.5, 100, 48273), t0);
        Trade t1 = (Trade) r.get(1).event();
        assertEquals(Side.SELL, t1.side());
        assertEquals(6420, t1.price());
        assertEquals(2500, t1.amount());
        assertEquals(0x85944171f73967e8L, t1.id(), "FNV-1a 64 of 'foobar' (published test vector), sign bit set");
        Trade t2 = (Trade) r.get(2).event();
        assertEquals(0, t2.side(), "unknown side");
        assertEquals(48275, t2.id());
        assertEquals(new VendorSource("trades", "DERIBIT", "perpetual", "BTC-PERPETUAL"), r.get(0).source());
    }

    /**
     * Bybit trades as Tardis writes them (the {@code id} column is the venue's {@code i}): the ids must be the ones
     * the live Bybit decoder gives the same trades (BybitFixturesTest and BybitDecoderTest assert these same values
     * for the live frames), so live and ingested history de-duplicate and join.
     */
    @Test
    void bybitTradeIdsMatchTheLiveDecoder() throws IOException {
        Path file = tmp.resolve("bybit_trades_2024-03-08_BTCUSDT.csv");
        Files.writeString(file, """
                exchange,symbol,timestamp,local_timestamp,id,side,price,amount
                bybit,BTCUSDT,1709891679000000,1709891679005000,9dc75fca-4bdd-4773-9f78-6f5d7ab2a110,buy,27451.00,0.010
                bybit,BTCUSDT,1672304486866000,1672304486868000,2290000000061666327,sell,16578,2.5
                """);
        Recorded r = read(file, IngestOptions.defaults());
        long uuid = Long.parseUnsignedLong("9dc75fca4bdd4773", 16) ^ Long.parseUnsignedLong("9f786f5d7ab2a110", 16);
        assertEquals(uuid, ((Trade) r.get(0).event()).id(), "linear: UUID folded hi ^ lo, as live");
        assertEquals(2_290_000_000_061_666_327L, ((Trade) r.get(1).event()).id(), "spot: a 19-digit id is its value, as live");
    }

    @Test
    void quotesWithAnEmptySide() throws IOException {
        Recorded r = read(fixture("binance-futures_quotes_2020-09-01_BTCUSDT.csv"), IngestOptions.defaults());
        assertEquals(2, r.size());
        assertEquals(new Quote().set(1598918403696000_000L, 1598918403810979_000L, 11657.07, 10.896, 11657.08, 1.714), r.get(0).event());
        Quote q = (Quote) r.get(1).event();
        assertEquals(11657.07, q.bidPrice());
        assertEquals(10.5, q.bidSize());
        assertTrue(Double.isNaN(q.askPrice()));
        assertTrue(Double.isNaN(q.askSize()));
        assertEquals(new VendorSource("ticker", "BINANCE_FUTURES", "perpetual", "BTC-USDT"), r.get(0).source());
    }

    @Test
    void gzipAndPlainGiveIdenticalEvents() throws IOException {
        for (String name : new String[] {L2, "tardis_binance-futures_book_snapshot_25_BTCUSDT.csv", "deribit_trades_2020-04-01_BTC-PERPETUAL.csv"}) {
            Path gz = tmp.resolve(name + ".gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                Files.copy(fixture(name), out);
            }
            Recorded plain = read(fixture(name), IngestOptions.defaults());
            Recorded zipped = read(gz, IngestOptions.defaults());
            assertEquals(plain.items, zipped.items, name);
        }
    }

    @Test
    void progressCountsTheFileBytes() throws IOException {
        Path gz = tmp.resolve(L2 + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(fixture(L2), out);
        }
        for (Path file : new Path[] {fixture(L2), gz}) {
            try (TardisReader reader = TardisReader.open(file, IngestOptions.defaults())) {
                assertEquals(Files.size(file), reader.totalBytes());
                reader.read(new Recorded());
                assertEquals(Files.size(file), reader.bytesRead(), file.toString());
            }
        }
    }

    @Test
    void strictModeStopsAtTheFirstBadRowNamingFileLineAndReason() throws IOException {
        Path bad = withLine(7, "binance-futures,BTCUSDT,1598918400200000,1598918400250000,false,ask,abc,1.25");
        IngestException e = assertThrows(IngestException.class, () -> read(bad, IngestOptions.defaults()));
        assertEquals("bad price 'abc' at " + bad + ":7: expected a decimal number", e.getMessage());
        assertEquals(7, e.line());

        Path badSide = withLine(3, "binance-futures,BTCUSDT,1598918400000000,1598918400100000,true,buy,11650.4,2");
        assertEquals("bad side 'buy' at " + badSide + ":3: expected bid or ask",
                assertThrows(IngestException.class, () -> read(badSide, IngestOptions.defaults())).getMessage());

        Path shortRow = withLine(4, "binance-futures,BTCUSDT,1598918400000000,1598918400100000,true,ask");
        assertTrue(assertThrows(IngestException.class, () -> read(shortRow, IngestOptions.defaults())).getMessage()
                .startsWith("row has 6 fields at " + shortRow + ":4: expected 8 like the header (exchange,symbol,timestamp"));
    }

    @Test
    void lenientModeDropsTheWholeMessageOfABadRowAndCounts() throws IOException {
        // line 7 is the second row of the delta message starting at line 6
        Path bad = withLine(7, "binance-futures,BTCUSDT,1598918400200000,1598918400250000,false,ask,abc,1.25");
        Recorded r = new Recorded();
        assertEquals(new IngestStats(10, 4, 2, 1), readStats(bad, IngestOptions.defaults().lenient(true), r));
        assertEquals(new long[] {2, 8, 9, 11}.length, r.size());
        assertEquals(2, r.get(0).line());
        assertEquals(8, r.get(1).line());
        assertEquals(9, r.get(2).line());
        assertEquals(11, r.get(3).line());

        // a bad key cell: the row can't be placed, so it is skipped and poisons the message it follows
        Path badKey = withLine(7, "binance-futures,BTCUSDT,1598918400200000,x,false,ask,11650.6,1.25");
        Recorded k = new Recorded();
        assertEquals(new IngestStats(10, 4, 2, 1), readStats(badKey, IngestOptions.defaults().lenient(true), k));
        assertEquals(8, k.get(1).line());

        // a bad single-row event skips just that row
        Path badSnapshot = tmp.resolve("tardis_binance-futures_book_snapshot_5_BTCUSDT.csv");
        java.util.List<String> lines = Files.readAllLines(fixture("tardis_binance-futures_book_snapshot_5_BTCUSDT.csv"));
        lines.set(2, lines.get(2).replace("11657.54", "11657..54"));
        Files.write(badSnapshot, lines);
        Recorded s = new Recorded();
        assertEquals(new IngestStats(10, 9, 1, 1), readStats(badSnapshot, IngestOptions.defaults().lenient(true), s));
        assertEquals(4, s.get(1).line());
        assertEquals("bad asks[1].price '11657..54' at " + badSnapshot + ":3: expected a decimal number",
                assertThrows(IngestException.class, () -> read(badSnapshot, IngestOptions.defaults())).getMessage());
    }

    @Test
    void wrongHeaderListsTheExpectedColumns() throws IOException {
        Path file = tmp.resolve(L2);
        Files.writeString(file, "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,size\n");
        IngestException e = assertThrows(IngestException.class, () -> TardisReader.open(file, IngestOptions.defaults()));
        assertEquals("wrong header 'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,size' at " + file + ":1: "
                + "expected the Tardis incremental_book_L2 columns exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount",
                e.getMessage());

        Path unnamed = tmp.resolve("data.csv");
        Files.writeString(unnamed, "a,b,c\n1,2,3\n");
        assertTrue(assertThrows(IngestException.class, () -> TardisReader.open(unnamed, IngestOptions.defaults())).getMessage()
                .startsWith("header 'a,b,c' is not a Tardis CSV header at " + unnamed + ":1: expected the columns of incremental_book_L2"));

        Path mislabeled = tmp.resolve("deribit_trades_2020-04-01_BTC-PERPETUAL.csv");
        Files.copy(fixture(L2), mislabeled);
        assertTrue(assertThrows(IngestException.class, () -> TardisReader.open(mislabeled, IngestOptions.defaults())).getMessage()
                .contains("expected the Tardis trades columns exchange,symbol,timestamp,local_timestamp,id,side,price,amount"));

        Path unsupported = tmp.resolve("deribit_book_ticker_2020-04-01_BTC-PERPETUAL.csv");
        Files.writeString(unsupported, "exchange,symbol,timestamp,local_timestamp,ask_amount\n");
        assertEquals("Tardis data type 'book_ticker' is not supported in " + unsupported
                        + ": expected incremental_book_L2, book_snapshot_<N> (e.g. book_snapshot_25), trades, quotes, derivative_ticker or liquidations",
                assertThrows(IngestException.class, () -> TardisReader.open(unsupported, IngestOptions.defaults())).getMessage());
    }

    @Test
    void detectsTypeAndSourceFromTheFileName() {
        TardisFileName n = TardisFileName.parse(L2 + ".gz").orElseThrow();
        assertEquals(new TardisFileName("binance-futures", "incremental_book_L2", LocalDate.of(2020, 9, 1), "BTCUSDT"), n);
        assertEquals(new TardisFileName("deribit", "incremental_book_L2", null, "BTC-PERPETUAL"),
                TardisFileName.parse("tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv").orElseThrow());
        assertEquals(new TardisFileName("binance-futures", "book_snapshot_25", null, "BTCUSDT"),
                TardisFileName.parse("tardis_binance-futures_book_snapshot_25_BTCUSDT.csv").orElseThrow());
        assertEquals(new TardisFileName("binance-futures", "trades", LocalDate.of(2020, 9, 1), "BTCUSDT_200925"),
                TardisFileName.parse("binance-futures_trades_2020-09-01_BTCUSDT_200925.csv.gz").orElseThrow());
        assertEquals(new TardisFileName("deribit", "quotes", LocalDate.of(2020, 4, 1), "OPTIONS"),
                TardisFileName.parse("deribit_quotes_2020-04-01_OPTIONS.csv.gz").orElseThrow());
        assertTrue(TardisFileName.parse("notes.csv").isEmpty());
        // tardis-dev's datasets.download: the default flat name in ./datasets, and the nested layout of its docs
        assertEquals(new TardisFileName("binance", "trades", LocalDate.of(2021, 1, 8), "BTCUSDT"),
                TardisFileName.parse(Path.of("datasets", "binance_trades_2021-01-08_BTCUSDT.csv.gz")).orElseThrow());
        assertEquals(new TardisFileName("binance-futures", "book_snapshot_25", LocalDate.of(2021, 1, 8), "BTCUSDT"),
                TardisFileName.parse(Path.of("datasets", "binance-futures", "book_snapshot_25", "2021-01-08_BTCUSDT.csv.gz")).orElseThrow());
        assertEquals(new TardisFileName("deribit", "incremental_book_L2", LocalDate.of(2020, 4, 1), "BTC-PERPETUAL"),
                TardisFileName.parse(Path.of("/data/deribit/incremental_book_L2/2020-04-01_BTC-PERPETUAL.csv")).orElseThrow());
        assertTrue(TardisFileName.parse(Path.of("binance", "notes", "2021-01-08_BTCUSDT.csv")).isEmpty(), "not a data type folder");
        assertTrue(TardisFileName.parse(Path.of("binance", "trades", "2021-02-30_BTCUSDT.csv")).isEmpty(), "no such day");
        assertTrue(TardisFileName.parse(Path.of("2021-01-08_BTCUSDT.csv")).isEmpty(), "no folders to tell exchange and type");
        assertTrue(TardisFileName.parse("binance_trades_2020-13-45_BTCUSDT.csv").isEmpty());
    }

    @Test
    void detectsTheTypeFromTheHeaderAndTheSourceFromTheFirstRowWhenTheNameSaysNothing() throws IOException {
        Path file = tmp.resolve("book.csv");
        Files.copy(fixture("tardis_binance-futures_book_snapshot_5_BTCUSDT.csv"), file);
        try (TardisReader reader = TardisReader.open(file, IngestOptions.defaults())) {
            assertEquals(TardisDataType.BOOK_SNAPSHOT, reader.dataType());
            assertEquals(5, reader.depth());
            assertEquals(BTCUSDT_BOOK.withDepth(5), reader.source().orElseThrow());
            assertEquals(10, reader.read(new Recorded()).eventsEmitted());
        }
    }

    @Test
    void aFileInTheNestedDatasetsLayoutTakesItsSourceFromItsFolders() throws IOException {
        Path file = Files.createDirectories(tmp.resolve("datasets").resolve("binance").resolve("trades")).resolve("2021-01-08_BTCUSDT.csv");
        Files.writeString(file, "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"); // no row to tell the source
        try (TardisReader reader = TardisReader.open(file, IngestOptions.defaults())) {
            assertEquals(TardisDataType.TRADES, reader.dataType());
            assertEquals(new VendorSource("trades", "BINANCE", "spot", "BTC-USDT"), reader.source().orElseThrow());
        }
    }

    @Test
    void overridesReplaceTheDetectedSource() throws IOException {
        IngestOptions o = IngestOptions.defaults().withSource(new VendorSource("trades", "BINANCE", "spot", "BTC-USDT"));
        Recorded r = read(fixture(L2), o);
        assertEquals(new VendorSource("l2_book", "BINANCE", "spot", "BTC-USDT"), r.get(0).source());
        Recorded s = read(fixture(L2), IngestOptions.defaults().withSymbol("XBT-USDT"));
        assertEquals(new VendorSource("l2_book", "BINANCE_FUTURES", "perpetual", "XBT-USDT"), s.get(0).source());
    }

    @Test
    void severalSymbolsInOneFileEachGetTheirSourceAndMessages() throws IOException {
        Path file = tmp.resolve("deribit_incremental_book_L2_2020-04-01_FUTURES.csv");
        Files.writeString(file, """
                exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount
                deribit,BTC-PERPETUAL,1000,2000,false,bid,100,1
                deribit,BTC-25SEP20,1000,2000,false,bid,101,2
                deribit,BTC-25SEP20,1000,2000,false,ask,102,3
                deribit,BTC-PERPETUAL,1001,2001,false,ask,103,4
                """);
        Recorded r = read(file, IngestOptions.defaults());
        assertEquals(3, r.size());
        assertEquals(new VendorSource("l2_book", "DERIBIT", "perpetual", "BTC-PERPETUAL"), r.get(0).source());
        assertEquals(new VendorSource("l2_book", "DERIBIT", "futures", "BTC-25SEP20"), r.get(1).source());
        assertLevels(r.get(1).book(), new double[][] {{101, 2}}, new double[][] {{102, 3}});
        assertEquals(new VendorSource("l2_book", "DERIBIT", "perpetual", "BTC-PERPETUAL"), r.get(2).source());
        assertEquals(1_000_000L, r.get(0).event().ts());
    }

    @Test
    void venueTable() {
        IngestOptions d = IngestOptions.defaults();
        assertEquals(new VendorSource("trades", "BINANCE", "spot", "ETH-BTC"), TardisVenues.resolve("binance", "ETHBTC", "trades", d));
        assertEquals(new VendorSource("trades", "BINANCE_FUTURES", "futures", "BTCUSDT_200925"),
                TardisVenues.resolve("binance-futures", "BTCUSDT_200925", "trades", d));
        assertEquals(new VendorSource("trades", "BINANCE_FUTURES", "perpetual", "1000SHIB-USDT"),
                TardisVenues.resolve("binance-futures", "1000SHIBUSDT", "trades", d));
        assertEquals(new VendorSource("trades", "DERIBIT", "option", "BTC-25SEP20-10000-C"),
                TardisVenues.resolve("deribit", "BTC-25SEP20-10000-C", "trades", d));
        assertEquals(new VendorSource("trades", "OKX", "perpetual", "BTC-USDT-SWAP"), TardisVenues.resolve("okex-swap", "BTC-USDT-SWAP", "trades", d));
        assertEquals(new VendorSource("trades", "KRAKEN", "spot", "XBT-USD"), TardisVenues.resolve("kraken", "XBT/USD", "trades", d));
        assertEquals(new VendorSource("trades", "BYBIT", "futures", "BTCUSDZ22"), TardisVenues.resolve("bybit", "BTCUSDZ22", "trades", d));
        assertEquals(new VendorSource("trades", "BITMEX", "perpetual", "XBTUSD"), TardisVenues.resolve("bitmex", "XBTUSD", "trades", d));
        assertEquals(new VendorSource("trades", "FTX", "perpetual", "BTC-PERP"),
                TardisVenues.resolve("ftx", "BTC-PERP", "trades", d.withExchange("FTX").withInstrumentType("perpetual")));
    }

    @Test
    void unknownExchangeNeedsExplicitVenue() throws IOException {
        Path file = tmp.resolve("ftx_trades_2020-04-01_BTC-PERP.csv");
        Files.writeString(file, "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nftx,BTC-PERP,1,2,3,buy,4,5\n");
        IngestException e = assertThrows(IngestException.class, () -> TardisReader.open(file, IngestOptions.defaults()));
        assertTrue(e.getMessage().startsWith("unknown Tardis exchange 'ftx' in " + file + ": expected one of [binance, binance-delivery"),
                e.getMessage());
        Recorded r = read(file, IngestOptions.defaults().withExchange("FTX").withInstrumentType("perpetual"));
        assertEquals(new VendorSource("trades", "FTX", "perpetual", "BTC-PERP"), r.get(0).source());
    }

    @Test
    void truncatedGzipIsReportedWithTheFile() throws IOException {
        Path full = tmp.resolve("full.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(full))) {
            Files.copy(fixture("tardis_binance-futures_book_snapshot_25_BTCUSDT.csv"), out);
        }
        byte[] bytes = Files.readAllBytes(full);
        Path cut = tmp.resolve("tardis_binance-futures_book_snapshot_25_BTCUSDT.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IngestException e = assertThrows(IngestException.class, () -> read(cut, IngestOptions.defaults()));
        assertTrue(e.getMessage().startsWith("unreadable data (java.io.EOFException: Unexpected end of ZLIB input stream) at " + cut),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("expected a complete CSV or gzip-compressed CSV file"));
    }

    @Test
    void headerOnlyFileHasNoEventsAndTheNamedSource() throws IOException {
        Path file = tmp.resolve(L2);
        Files.writeString(file, "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n");
        try (TardisReader reader = TardisReader.open(file, IngestOptions.defaults())) {
            assertEquals(BTCUSDT_BOOK, reader.source().orElseThrow());
            assertEquals(new IngestStats(0, 0, 0, 0), reader.read(new Recorded()));
        }
        Path missing = tmp.resolve("nothing.csv");
        assertEquals("no such file in " + missing + ": expected a readable vendor CSV file",
                assertThrows(IngestException.class, () -> TardisReader.open(missing, IngestOptions.defaults())).getMessage());
    }

    private Path withLine(int line, String row) throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(fixture(L2)));
        lines.set(line - 1, row);
        Path file = tmp.resolve(L2);
        Files.write(file, lines);
        return file;
    }
}
