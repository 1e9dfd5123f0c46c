package io.featurizer.storage.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Location parsing of {@link DataStores#open}; opening a working S3 store is tested in {@link S3DataStoreTest}. */
class DataStoresTest {
    @TempDir
    Path tmp;

    @Test
    void aPlainPathIsALocalStore() throws Exception {
        try (DataStoreAdapter store = DataStores.open(tmp.resolve("plain").toString(), Map.of())) {
            assertEquals(tmp.resolve("plain"), assertInstanceOf(LocalDataStore.class, store).root());
        }
    }

    @Test
    void aFileUriIsALocalStore() throws Exception {
        try (DataStoreAdapter store = DataStores.open("file://" + tmp.resolve("uri"), Map.of())) {
            assertEquals(tmp.resolve("uri"), assertInstanceOf(LocalDataStore.class, store).root());
        }
        try (DataStoreAdapter store = DataStores.open("file:" + tmp.resolve("single"), Map.of())) {
            assertEquals(tmp.resolve("single"), assertInstanceOf(LocalDataStore.class, store).root());
        }
    }

    @Test
    void anS3UriSetsBucketPrefixAndCache() throws Exception {
        try (DataStoreAdapter store = DataStores.open("s3://my-bucket/team/blocks/?endpoint=http://127.0.0.1:9&region=eu-west-1"
                + "&access_key=a&secret_key=b&cache=" + tmp.resolve("c"), Map.of())) {
            S3DataStore s3 = assertInstanceOf(S3DataStore.class, store);
            assertEquals("my-bucket", s3.bucket());
            assertEquals("team/blocks/", s3.prefix());
            assertEquals(tmp.resolve("c"), s3.cacheDir());
            assertEquals("s3://my-bucket/team/blocks/features/x/1.parquet", s3.describe("features/x/1.parquet"));
        }
    }

    @Test
    void anS3UriWithoutPrefixStoresAtTheBucketTop() throws Exception {
        try (DataStoreAdapter store = DataStores.open("s3://my-bucket?endpoint=http://127.0.0.1:9&cache=" + tmp.resolve("c"),
                Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"))) {
            assertEquals("s3://my-bucket/features/x/1.parquet", store.describe("features/x/1.parquet"));
        }
    }

    @Test
    void badLocationsSayWhatWasExpected() {
        assertMessage("", "expected a path, file:/path or s3://");
        assertMessage("http://example.com/x", "unsupported scheme 'http'");
        assertMessage("file:relative/path", "expected file:/path");
        assertMessage("s3://", "names no bucket");
        assertMessage("s3:/bucket", "expected s3://bucket");
        assertMessage("s3://Bad_Bucket/x", "expected 3-63 lowercase letters");
        assertMessage("s3://bucket/a/../b", "S3 prefix 'a/../b'");
        assertMessage("s3://bucket?colour=red", "unknown parameter 'colour'");
        assertMessage("s3://bucket?region=", "parameter 'region' has no value");
        assertMessage("s3://bucket?region=a&region=b", "parameter 'region' is given twice");
        assertMessage("s3://bucket?endpoint=ftp://host", "endpoint 'ftp://host' is not an http(s)://host[:port] URL");
        assertMessage("s3://bucket?path_style=yes", "path_style='yes', expected true or false");
        assertMessage("s3://bucket?access_key=a", "expected both access_key and secret_key");
    }

    @Test
    void theSecretKeyNeverAppearsInAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataStores.open("s3://bucket?secret_key=hunter2&access_key=a&colour=red", Map.of()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("secret_key=***"), e.getMessage());
    }

    private static void assertMessage(String location, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataStores.open(location, Map.of()));
        assertTrue(e.getMessage().contains(expected), "for '" + location + "': " + e.getMessage());
    }
}
