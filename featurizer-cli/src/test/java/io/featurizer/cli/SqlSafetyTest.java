package io.featurizer.cli;

import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.CatalogException;
import io.featurizer.storage.catalog.JdbcCatalog;
import io.featurizer.storage.DataKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.featurizer.cli.FeaturizerCliTest.Result;
import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer sql} cannot hurt the store: read-only queries, exports outside it, missing blocks skipped, read-only catalogs readable. */
class SqlSafetyTest {
    static final String VIEW = "trades_binance_spot_btc_usdt";

    @TempDir
    Path dir;

    String store() {
        return dir.resolve("store").toString();
    }

    /** Two files of trades, ingested as two blocks: {@code n} trades each, a day apart. */
    void ingestTwoBlocks(int n) throws IOException {
        for (int day = 0; day < 2; day++) {
            Path f = dir.resolve("binance_trades_2021-01-0" + (8 + day) + "_BTCUSDT.csv");
            StringBuilder csv = new StringBuilder("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
            long t0 = 1_610_064_000_000_000L + day * 86_400_000_000L;
            for (int i = 0; i < n; i++) {
                csv.append("binance,BTCUSDT,").append(t0 + i * 1000).append(',').append(t0 + i * 1000 + 5).append(',').append(day * n + i)
                        .append(",buy,100.5,1\n");
            }
            Files.writeString(f, csv);
            Result r = run("ingest", "tardis", "--storage", store(), "--no-progress", "--exchange", "BINANCE", "--instrument-type", "spot",
                    "--symbol", "BTC-USDT", f.toString());
            assertEquals(0, r.code(), r.err());
        }
    }

    List<Path> blockFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("store").resolve("data_sources"))) {
            return files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    static void assertUserError(Result r, String contains) {
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.contains(contains), err);
    }

    @Test
    void aQueryCannotWriteABlockOrInstallAnythingButCanReadOtherFiles() throws IOException {
        ingestTwoBlocks(10);
        Path block = blockFiles().get(0);
        byte[] before = Files.readAllBytes(block);
        assertUserError(run("sql", "--storage", store(), "COPY (select 1) TO '" + block + "'"), "read-only queries");
        assertUserError(run("sql", "--storage", store(), "COPY (select 1) TO '" + block + "' (FORMAT parquet)"), "not COPY");
        assertArrayEquals(before, Files.readAllBytes(block), "the block is byte-identical");
        assertUserError(run("sql", "--storage", store(), "INSTALL httpfs"), "not INSTALL");
        assertUserError(run("sql", "--storage", store(), "SET autoinstall_known_extensions = true"), "not SET");
        assertUserError(run("sql", "--storage", store(), "ATTACH '" + dir.resolve("x.db") + "'"), "not ATTACH");
        assertUserError(run("sql", "--storage", store(), "SELECT 1; SELECT 2"), "one query at a time");
        assertFalse(Files.exists(dir.resolve("x.db")));

        Path other = dir.resolve("other.csv");
        Files.writeString(other, "a,b\n1,2\n3,4\n");
        Result read = run("sql", "--storage", store(), "--csv", "SELECT sum(a) AS s FROM read_csv('" + other + "')");
        assertEquals(0, read.code(), read.err());
        assertEquals("s\r\n4\r\n", read.out());
        Result count = run("sql", "--storage", store(), "--csv", "SELECT count(*) AS n FROM " + VIEW);
        assertEquals("n\r\n20\r\n", count.out());

        // results go to a file through --out, never into the store
        Path out = dir.resolve("result.parquet");
        Result export = run("sql", "--storage", store(), "--out", out.toString(), "SELECT * FROM " + VIEW + " ORDER BY id");
        assertEquals(0, export.code(), export.err());
        Result back = run("sql", "--storage", store(), "--csv", "SELECT count(*) AS n, min(id) AS lo FROM read_parquet('" + out + "')");
        assertEquals("n,lo\r\n20,0\r\n", back.out());
        assertUserError(run("sql", "--storage", store(), "--out", dir.resolve("store").resolve("x.parquet").toString(), "SELECT 1"),
                "inside the storage root");
        assertUserError(run("sql", "--storage", store(), "--out", block.toString(), "SELECT 1"), "inside the storage root");
        assertArrayEquals(before, Files.readAllBytes(block));
    }

    @Test
    void csvFollowsRfc4180() {
        Result r = run("sql", "--storage", store(), "--csv", "SELECT 'a,b' AS \"x,1\", 'say \"hi\"' AS y, NULL AS z, 'two' || chr(10) || 'lines' AS w");
        assertEquals(0, r.code(), r.err());
        assertEquals("\"x,1\",y,z,w\r\n\"a,b\",\"say \"\"hi\"\"\",,\"two\nlines\"\r\n", r.out());
    }

    @Test
    void aMissingBlockFileIsNamedAndSkippedNotFatal() throws IOException {
        ingestTwoBlocks(7);
        List<Path> blocks = blockFiles();
        assertEquals(2, blocks.size());
        Files.delete(blocks.get(1));
        Result r = run("sql", "--storage", store(), "--csv", "SELECT count(*) AS n FROM " + VIEW);
        assertEquals(0, r.code(), r.err());
        assertEquals("n\r\n7\r\n", r.out());
        assertTrue(r.err().contains("warning: block ") && r.err().contains(blocks.get(1).getFileName().toString())
                && r.err().contains("of " + VIEW + " is missing"), r.err());
        Result blocksTable = run("sql", "--storage", store(), "--csv", "SELECT count(*) AS n FROM blocks");
        assertEquals("n\r\n2\r\n", blocksTable.out(), "the catalog still lists both");
    }

    @Test
    void aReadOnlyCatalogIsReadAndNeverWritten() throws IOException {
        ingestTwoBlocks(5);
        Path catalog = dir.resolve("store").resolve("catalog.db");
        // settle the WAL into the file, then make everything read-only
        try (JdbcCatalog c = JdbcCatalog.sqlite(catalog)) {
            c.dataSources();
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            files.forEach(all::add);
        }
        for (Path p : all) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
        }
        byte[] before = Files.readAllBytes(catalog);
        long modified = Files.getLastModifiedTime(catalog).toMillis();
        try {
            Result ls = run("catalog", "ls", "--storage", store());
            assertEquals(0, ls.code(), ls.err());
            assertTrue(ls.out().contains(VIEW), ls.out());
            Result q = run("sql", "--storage", store(), "--csv", "SELECT count(*) AS n FROM " + VIEW);
            assertEquals("n\r\n10\r\n", q.out(), q.err());
            assertEquals(0, run("catalog", "verify", "--storage", store()).code());
            assertArrayEquals(before, Files.readAllBytes(catalog));
            assertEquals(modified, Files.getLastModifiedTime(catalog).toMillis());
            assertFalse(Files.exists(dir.resolve("store").resolve(".work-new")));
            // the read-only open is SQLite's own flag, so it holds even for root, who ignores file modes
            try (JdbcCatalog ro = JdbcCatalog.sqliteReadOnly(catalog)) {
                assertEquals(1, ro.dataSources().size());
                CatalogException e = assertThrows(CatalogException.class,
                        () -> ro.addBlock(new BlockMetadata(DataKind.DATA_SOURCE, "k", "p", "h", "c", 1, 2, 1, 1)));
                assertTrue(e.getMessage().contains("read-only") || e.getMessage().contains("readonly"), e.getMessage());
            }
            assertArrayEquals(before, Files.readAllBytes(catalog));
        } finally {
            for (Path p : all) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        assertTrue(Arrays.equals(before, Files.readAllBytes(catalog)));
    }
}
