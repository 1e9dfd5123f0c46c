package io.featurizer.storage.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDataStoreTest extends DataStoreContractTest {
    Path root() {
        return tmp.resolve("store");
    }

    @Override
    DataStoreAdapter newStore() throws Exception {
        return new LocalDataStore(root());
    }

    /** Every file under the temp folder but outside the store root (the test's own sources excluded). */
    @Override
    Set<String> outsideTheStore() throws Exception {
        try (Stream<Path> files = Files.walk(tmp)) {
            return files.filter(p -> !p.startsWith(root()) && !p.startsWith(tmp.resolve("sources")) && !p.equals(tmp))
                    .map(p -> tmp.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void fetchReturnsTheFileUnderTheRoot() throws Exception {
        store.put(file("f", new byte[]{1, 2}), "data_sources/a/1.parquet");
        assertEquals(root().resolve("data_sources").resolve("a").resolve("1.parquet"), store.fetch("data_sources/a/1.parquet"));
    }

    @Test
    void theRootIsCreatedAndDescribedAsAPath() {
        assertTrue(Files.isDirectory(root()));
        assertEquals(root().toAbsolutePath() + "/features/x/1.parquet", store.describe("features/x/1.parquet"));
    }

    @Test
    void putLeavesNoTempFilesAndListIgnoresForeignOnes() throws Exception {
        store.put(file("f", new byte[]{1}), "data_sources/a/1.parquet");
        Files.write(root().resolve("data_sources/a/.2.parquet.123456.tmp"), new byte[]{9}); // a crashed writer's leftover

        assertEquals(List.of("data_sources/a/1.parquet"), store.list(""));
        try (Stream<Path> files = Files.walk(root())) {
            assertEquals(List.of(".2.parquet.123456.tmp"), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
        }
    }

    @Test
    void aSymlinkedFolderCannotLeadWritesOutsideTheRoot() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(root());
        Files.createSymbolicLink(root().resolve("data_sources"), outside);
        Path source = file("f", "payload".getBytes(StandardCharsets.UTF_8));

        assertThrows(IllegalArgumentException.class, () -> store.put(source, "data_sources/x.parquet"));
        assertThrows(IllegalArgumentException.class, () -> store.put(source, "data_sources/new/x.parquet"));
        assertThrows(IllegalArgumentException.class, () -> store.list("data_sources/"));

        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(0, files.count(), "nothing was written through the link");
        }
    }

    @Test
    void aSymlinkedFileIsNeitherFetchedNorListed() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret");
        Files.createDirectories(root().resolve("features"));
        Files.createSymbolicLink(root().resolve("features/link.parquet"), secret);

        assertThrows(IllegalArgumentException.class, () -> store.fetch("features/link.parquet"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void aReaderSeesAWholeOldOrNewFileWhileItIsOverwritten() throws Exception {
        int size = 64 * 1024;
        byte[] as = new byte[size];
        byte[] bs = new byte[size];
        Arrays.fill(as, (byte) 'a');
        Arrays.fill(bs, (byte) 'b');
        Path a = file("a", as);
        Path b = file("b", bs);
        String key = "data_sources/a/1.parquet";
        store.put(a, key);

        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get() && torn.get() == null) {
                    byte[] seen = Files.readAllBytes(store.fetch(key));
                    if (!Arrays.equals(seen, as) && !Arrays.equals(seen, bs)) {
                        torn.set("read " + seen.length + " bytes that are neither version");
                    }
                }
            } catch (Exception e) {
                torn.set(e.toString());
            }
        });
        reader.start();
        for (int i = 0; i < 101; i++) {
            store.put(i % 2 == 0 ? b : a, key);
        }
        done.set(true);
        reader.join();

        assertNull(torn.get());
        assertArrayEquals(bs, Files.readAllBytes(store.fetch(key)), "the last put (i = 100) wrote version b");
    }
}
