package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog contract on SQLite files, plus what SQLite adds: WAL and a recorder and a reader in two processes. */
class SqliteCatalogTest extends CatalogContractTest {
    @TempDir
    Path dir;
    private Path file;
    private int databases;

    @Override
    void newDatabase() {
        file = dir.resolve("db" + databases++).resolve(JdbcCatalog.FILE_NAME);
    }

    @Override
    JdbcCatalog openCatalog() {
        return JdbcCatalog.sqlite(file);
    }

    @Override
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @Test
    void brandNewFilesOpenedByManyThreadsAtOnceAreNeverSeenHalfMade() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 25; round++) {
                Path fresh = dir.resolve("race").resolve(round + ".db");
                List<java.util.concurrent.Callable<Void>> opens = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    String key = "k" + t;
                    opens.add(() -> {
                        try (JdbcCatalog c = JdbcCatalog.sqlite(fresh)) {
                            c.registerDataSource(new DataSourceMetadata(key, "trades", "BINANCE", "spot", "BTC-USDT", "{}"));
                        }
                        return null;
                    });
                }
                for (java.util.concurrent.Future<Void> f : pool.invokeAll(opens)) {
                    f.get(); // rethrows an open or write that failed
                }
                try (JdbcCatalog c = JdbcCatalog.sqlite(fresh)) {
                    assertEquals(4, c.dataSources().size(), "round " + round);
                }
                try (java.util.stream.Stream<Path> left = Files.list(fresh.getParent())) {
                    assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".new-")).toList(), "no temp files left");
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void livesInTheStorageRootInWalMode() throws SQLException {
        Path root = dir.resolve("new/storage/root");
        try (JdbcCatalog inRoot = JdbcCatalog.inStorageRoot(root)) {
            assertEquals("SQLite catalog " + root.resolve("catalog.db").toAbsolutePath(), inRoot.database());
        }
        assertTrue(Files.isRegularFile(root.resolve("catalog.db")));
        file = root.resolve("catalog.db");
        try (Connection c = rawConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            r.next();
            assertEquals("wal", r.getString(1));
        }
    }

    @Test
    void storesTimestampsAndCountsAsIntegers() throws SQLException {
        catalog.addBlock(block(DataKind.DATA_SOURCE, "k", "abcd", 1_700_000_000_000_000_000L, 1_700_000_000_000_000_001L));
        try (Connection c = rawConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT typeof(start_ts), typeof(end_ts), typeof(event_count), typeof(size_bytes), typeof(created_at) "
                        + "FROM data_source_blocks_metadata")) {
            assertTrue(r.next());
            for (int column = 1; column <= 5; column++) {
                assertEquals("integer", r.getString(column));
            }
        }
    }

    @Test
    void aReaderSeesAWritersBlocksWhileItWrites() throws Exception {
        int blocks = 200;
        try (JdbcCatalog reader = JdbcCatalog.sqlite(file)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                for (int b = 0; b < blocks; b++) {
                    catalog.addBlock(block(DataKind.DATA_SOURCE, "k", String.format("%08x", b), b, b));
                }
            });
            List<Integer> seen = new ArrayList<>();
            while (!writing.isDone()) {
                seen.add(reader.blocks(DataKind.DATA_SOURCE, "k", 0, Long.MAX_VALUE).size());
                reader.addBlock(block(DataKind.FEATURE, "r", String.format("%08x", seen.size()), 0, 0));
            }
            writing.get();
            seen.add(reader.blocks(DataKind.DATA_SOURCE, "k", 0, Long.MAX_VALUE).size());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) >= seen.get(i - 1), "a committed block disappeared: " + seen);
            }
            assertEquals(blocks, seen.get(seen.size() - 1));
            // and the reader's own writes, interleaved with the writer's, all landed
            assertEquals(seen.size() - 1, catalog.blocks(DataKind.FEATURE, "r", 0, 0).size());
        }
    }

    @Test
    void aRecorderProcessAndThisOneShareTheFile() throws Exception {
        int blocks = 300;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process recorder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CatalogWriterMain.class.getName(), file.toString(), "recorded", Integer.toString(blocks))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(recorder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("half", said.readLine());
            // the recorder holds the catalog open mid-way: its committed half is visible here, and this side can write
            assertEquals(blocks / 2, catalog.blocks(DataKind.DATA_SOURCE, "recorded", 0, Long.MAX_VALUE).size());
            catalog.addBlock(block(DataKind.DATA_SOURCE, "here", "00000000", 0, 0));
            recorder.getOutputStream().write('\n');
            recorder.getOutputStream().flush();

            int mine = 1;
            int lastSeen = blocks / 2;
            while (recorder.isAlive()) {
                int seen = catalog.blocks(DataKind.DATA_SOURCE, "recorded", 0, Long.MAX_VALUE).size();
                assertTrue(seen >= lastSeen, "a committed block disappeared: " + seen + " after " + lastSeen);
                lastSeen = seen;
                catalog.addBlock(block(DataKind.DATA_SOURCE, "here", String.format("%08x", mine++), 0, 0));
            }
            assertTrue(recorder.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, recorder.exitValue());
            assertEquals(blocks, catalog.blocks(DataKind.DATA_SOURCE, "recorded", 0, Long.MAX_VALUE).size());
            assertEquals(mine, catalog.blocks(DataKind.DATA_SOURCE, "here", 0, 0).size());
            assertEquals(List.of(CatalogWriterMain.SOURCE), catalog.dataSources());
        } finally {
            recorder.destroyForcibly();
        }
    }
}
