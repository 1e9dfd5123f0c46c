package io.featurizer.storage.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link DataStoreAdapter} must do; each store's test class runs these against a real backend. */
abstract class DataStoreContractTest {
    @TempDir
    Path tmp;

    DataStoreAdapter store;

    /** A fresh, empty store. */
    abstract DataStoreAdapter newStore() throws Exception;

    /** Whatever exists next to the store but outside it (files beside the root, objects beside the prefix). */
    abstract Set<String> outsideTheStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    Path file(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sources"));
        return Files.write(dir.resolve(name), content);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void putThenFetchGivesTheSameBytes() throws Exception {
        byte[] content = randomBytes(100_000, 1);
        Path source = file("block.parquet", content);
        String key = "data_sources/l2_book/abc/raw/2024-01-02/1-2-deadbeef.parquet";

        assertFalse(store.exists(key));
        store.put(source, key);

        assertTrue(store.exists(key));
        assertArrayEquals(content, Files.readAllBytes(store.fetch(key)));
        assertArrayEquals(content, Files.readAllBytes(source), "the source file is left as it was");
    }

    @Test
    void anEmptyFileIsStored() throws Exception {
        store.put(file("empty", new byte[0]), "features/f/empty.parquet");
        assertEquals(0, Files.size(store.fetch("features/f/empty.parquet")));
    }

    @Test
    void overwriteReplacesTheContent() throws Exception {
        store.put(file("a", "first version".getBytes(StandardCharsets.UTF_8)), "features/x/1.parquet");
        store.fetch("features/x/1.parquet");
        store.put(file("b", "second".getBytes(StandardCharsets.UTF_8)), "features/x/1.parquet");

        assertEquals("second", Files.readString(store.fetch("features/x/1.parquet")));
        assertEquals(List.of("features/x/1.parquet"), store.list(""));
    }

    @Test
    void listIsSortedAndFilteredByPrefix() throws Exception {
        byte[] one = {1};
        for (String key : List.of("features/x/2.parquet", "data_sources/b/1.parquet", "data_sources/a/2.parquet",
                "data_sources/a/10.parquet", "data_sources/ab/1.parquet")) {
            store.put(file("f", one), key);
        }

        assertEquals(List.of("data_sources/a/10.parquet", "data_sources/a/2.parquet"), store.list("data_sources/a/"));
        assertEquals(List.of("data_sources/a/10.parquet", "data_sources/a/2.parquet", "data_sources/ab/1.parquet"),
                store.list("data_sources/a"));
        assertEquals(List.of("data_sources/a/10.parquet", "data_sources/a/2.parquet", "data_sources/ab/1.parquet",
                "data_sources/b/1.parquet", "features/x/2.parquet"), store.list(""));
        assertEquals(List.of(), store.list("nothing/here/"));
    }

    @Test
    void deleteRemovesTheKeyAndIsIdempotent() throws Exception {
        store.put(file("f", new byte[]{7}), "data_sources/a/1.parquet");
        store.put(file("g", new byte[]{8}), "data_sources/a/2.parquet");

        store.delete("data_sources/a/1.parquet");
        store.delete("data_sources/a/1.parquet");

        assertFalse(store.exists("data_sources/a/1.parquet"));
        assertEquals(List.of("data_sources/a/2.parquet"), store.list("data_sources/"));
        assertThrows(NoSuchFileException.class, () -> store.fetch("data_sources/a/1.parquet"));
    }

    @Test
    void fetchingAMissingKeyNamesIt() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> store.fetch("features/none/0.parquet"));
        assertTrue(e.getMessage().contains("features/none/0.parquet"), e.getMessage());
    }

    @Test
    void puttingAMissingLocalFileFailsAndStoresNothing() throws Exception {
        assertThrows(NoSuchFileException.class, () -> store.put(tmp.resolve("no-such-file"), "features/x/1.parquet"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void describeNamesTheKey() {
        assertTrue(store.describe("features/x/1.parquet").endsWith("/features/x/1.parquet"), store.describe("features/x/1.parquet"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "..", "/etc/passwd", "/tmp/x", "a//b", "a/b\0c", "", "a/./b", "./a", "a/",
            "a\\..\\..\\x", "data_sources/.x.parquet.123.tmp"})
    void hostileKeysAreRefusedAndNothingIsWritten(String key) throws Exception {
        Path source = file("payload", "payload".getBytes(StandardCharsets.UTF_8));
        Set<String> outsideBefore = outsideTheStore();

        assertThrows(IllegalArgumentException.class, () -> store.put(source, key));
        assertThrows(IllegalArgumentException.class, () -> store.exists(key));
        assertThrows(IllegalArgumentException.class, () -> store.fetch(key));
        assertThrows(IllegalArgumentException.class, () -> store.delete(key));

        assertEquals(List.of(), store.list(""));
        assertEquals(outsideBefore, outsideTheStore());
    }

    @Test
    void nullKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.exists(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "a/../../", "/abs", "a//", "..", "a\0"})
    void hostileListPrefixesAreRefused(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> store.list(prefix));
    }
}
