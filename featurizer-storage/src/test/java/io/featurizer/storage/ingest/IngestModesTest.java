package io.featurizer.storage.ingest;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.TimeBasedCompactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.featurizer.storage.ingest.IngestRoundTripTest.ingest;
import static io.featurizer.storage.ingest.IngestRoundTripTest.readAll;
import static io.featurizer.storage.ingest.IngestRoundTripTest.trade;
import static io.featurizer.storage.ingest.IngestRoundTripTest.tradeRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Append de-duplicates at the event level; replace swaps a time range atomically. Expected streams are built from the rows the test wrote. */
class IngestModesTest {
    static final VendorSource TRADES = new VendorSource("trades", "BINANCE_FUTURES", "perpetual", "BTC-USDT");

    @TempDir
    Path tmp;

    /** A Tardis trades file of generated trades {@code [from, to)}, with {@code price} overriding the price of trades in {@code [pFrom, pTo)}. */
    Path file(String name, int from, int to, int pFrom, int pTo, int badRow) throws IOException {
        Path f = tmp.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
            for (int i = from; i < to; i++) {
                String row = tradeRow(i);
                if (i >= pFrom && i < pTo) {
                    row = row.replace("," + IngestRoundTripTest.price(i) + ",", ",99.5,");
                }
                w.write(i == badRow ? row.replace("," + IngestRoundTripTest.amount(i), ",x1") : row);
            }
        }
        return f;
    }

    static List<Event> trades(int from, int to, int pFrom, int pTo) {
        List<Event> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Trade t = trade(i);
            if (i >= pFrom && i < pTo) {
                t.set(t.ts(), t.receiptTs(), t.side(), 99.5, t.amount(), t.id());
            }
            out.add(t);
        }
        return out;
    }

    @Test
    void reIngestingUnderAnotherCompactionAddsNothing() throws IOException {
        Path f = file("binance-futures_trades_2020-09-01_BTCUSDT.csv", 0, 5_000, 0, 0, -1);
        try (Storage s = Storage.open(tmp.resolve("store"))) {
            try (Ingestor minute = new Ingestor(s, TimeBasedCompactor.perMinute())) {
                assertEquals(0, ingest(minute, f, IngestOptions.defaults()).eventsAlreadyStored());
            }
            try (Ingestor counted = new Ingestor(s, new CountBasedCompactor(700))) {
                Ingestor.Result again = ingest(counted, f, IngestOptions.defaults());
                assertEquals(5_000, again.eventsAlreadyStored());
                assertEquals(0, again.blocksWritten());
            }
            assertEquals(trades(0, 5_000, 0, 0), readAll(s, TRADES));
        }
    }

    @Test
    void overlappingFilesAndALenientRunBeforeTheFixedFileStoreEveryEventOnce() throws IOException {
        Path lenient = file("binance-futures_trades_2020-09-01_BTCUSDT.csv", 0, 3_000, 0, 0, 1_500);
        Path fixed = file("fixed_binance-futures_trades_2020-09-01_BTCUSDT.csv", 0, 3_000, 0, 0, -1);
        Path later = file("later_binance-futures_trades_2020-09-01_BTCUSDT.csv", 2_000, 5_000, 0, 0, -1);
        IngestOptions o = IngestOptions.defaults().withExchange("BINANCE_FUTURES").withInstrumentType("perpetual").withSymbol("BTC-USDT");
        try (Storage s = Storage.open(tmp.resolve("store")); Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(400))) {
            Ingestor.Result first = ingest(ingestor, lenient, o.lenient(true));
            assertEquals(1, first.stats().rowsSkipped());
            Ingestor.Result second = ingest(ingestor, fixed, o);
            assertEquals(2_999, second.eventsAlreadyStored(), "only the row the lenient run skipped is new");
            assertEquals(1, second.blocksWritten());
            Ingestor.Result third = ingest(ingestor, later, o);
            assertEquals(1_000, third.eventsAlreadyStored(), "the overlap with the first file");
            assertEquals(trades(0, 5_000, 0, 0), readAll(s, TRADES), "every trade once, in order, though blocks overlap in time");
        }
    }

    @Test
    void replaceSwapsTheFilesTimeRangeAndKeepsWhatLiesOutside() throws IOException {
        Path all = file("binance-futures_trades_2020-09-01_BTCUSDT.csv", 0, 5_000, 0, 0, -1);
        Path corrected = file("corrected_binance-futures_trades_2020-09-01_BTCUSDT.csv", 1_000, 2_500, 1_000, 2_500, -1);
        IngestOptions o = IngestOptions.defaults().withExchange("BINANCE_FUTURES").withInstrumentType("perpetual").withSymbol("BTC-USDT");
        try (Storage s = Storage.open(tmp.resolve("store"))) {
            try (Ingestor append = new Ingestor(s, new CountBasedCompactor(1_500))) {
                ingest(append, all, o);
            }
            try (Ingestor replace = new Ingestor(s, new CountBasedCompactor(1_500), IngestMode.REPLACE)) {
                Ingestor.Result r = ingest(replace, corrected, o);
                assertTrue(r.blocksReplaced() >= 2, "blocks overlapping [1000, 2500): " + r.blocksReplaced());
            }
            List<Event> expected = trades(0, 5_000, 1_000, 2_500);
            assertEquals(expected, readAll(s, TRADES), "the corrected prices in range, the rest as it was");
            List<BlockMetadata> blocks = s.blocks(StreamId.of(TRADES.feature()), Long.MIN_VALUE, Long.MAX_VALUE);
            for (int i = 1; i < blocks.size(); i++) {
                assertTrue(blocks.get(i).startTs() > blocks.get(i - 1).endTs(), "no overlapping blocks after a replace: " + blocks);
            }
            assertEquals(5_000, blocks.stream().mapToLong(BlockMetadata::eventCount).sum());
            try (Stream<Path> files = Files.walk(tmp.resolve("store").resolve("data_sources"))) {
                assertEquals(blocks.size(), files.filter(p -> p.toString().endsWith(".parquet")).count(), "replaced blocks' files are deleted");
            }
        }
    }

    @Test
    void aReplaceThatFailsChangesNothing() throws IOException {
        Path all = file("binance-futures_trades_2020-09-01_BTCUSDT.csv", 0, 3_000, 0, 0, -1);
        Path bad = file("bad_binance-futures_trades_2020-09-01_BTCUSDT.csv", 500, 2_500, 500, 2_500, 2_000);
        IngestOptions o = IngestOptions.defaults().withExchange("BINANCE_FUTURES").withInstrumentType("perpetual").withSymbol("BTC-USDT");
        try (Storage s = Storage.open(tmp.resolve("store"))) {
            try (Ingestor append = new Ingestor(s, new CountBasedCompactor(300))) {
                ingest(append, all, o);
            }
            List<Object> catalogBefore = IngestRoundTripTest.catalogContent(s);
            long filesBefore;
            try (Stream<Path> files = Files.walk(tmp.resolve("store"))) {
                filesBefore = files.filter(p -> p.toString().endsWith(".parquet")).count();
            }
            try (Ingestor replace = new Ingestor(s, new CountBasedCompactor(300), IngestMode.REPLACE)) {
                assertThrows(IngestException.class, () -> ingest(replace, bad, o));
            }
            assertEquals(catalogBefore, IngestRoundTripTest.catalogContent(s));
            assertEquals(trades(0, 3_000, 0, 0), readAll(s, TRADES));
            try (Stream<Path> files = Files.walk(tmp.resolve("store"))) {
                assertEquals(filesBefore, files.filter(p -> p.toString().endsWith(".parquet")).count(), "no staged file left behind");
            }
        }
    }

    @Test
    void replacingABookWithItsOwnFileKeepsTheBookExact() throws IOException {
        Path book = Path.of("src/test/resources/ingest/binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv");
        VendorSource source = new VendorSource("l2_book", "BINANCE_FUTURES", "perpetual", "BTC-USDT");
        try (Storage s = Storage.open(tmp.resolve("store"))) {
            try (Ingestor append = new Ingestor(s, new CountBasedCompactor(3))) {
                ingest(append, book, IngestOptions.defaults());
            }
            List<Event> before = readAll(s, source);
            assertTrue(before.size() > 3, "several blocks: " + before.size());
            try (Ingestor replace = new Ingestor(s, new CountBasedCompactor(2), IngestMode.REPLACE)) {
                ingest(replace, book, IngestOptions.defaults());
            }
            assertEquals(before, readAll(s, source));
            try (Ingestor append = new Ingestor(s, new CountBasedCompactor(5))) {
                assertEquals(before.size(), ingest(append, book, IngestOptions.defaults()).eventsAlreadyStored());
            }
        }
    }

    @Test
    void modesParseAndNameBothWhenWrong() {
        assertEquals(IngestMode.REPLACE, IngestMode.parse("Replace"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IngestMode.parse("upsert"));
        assertEquals("unknown ingest mode 'upsert': expected append or replace", e.getMessage());
    }
}
