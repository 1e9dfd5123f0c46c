package io.featurizer.storage.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract and S3 specifics, against a real S3-compatible server (s3proxy) on loopback. */
class S3DataStoreTest extends DataStoreContractTest {
    static S3TestServer server;
    String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3TestServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    S3DataStore.Builder builder() {
        return S3DataStore.builder().endpoint(server.endpoint()).bucket(bucket).prefix("team/blocks")
                .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).cacheDir(tmp.resolve("cache"));
    }

    @Override
    DataStoreAdapter newStore() throws Exception {
        bucket = server.newBucket();
        return builder().build();
    }

    /** Objects of the bucket outside the store's prefix, and files outside the cache folder. */
    @Override
    Set<String> outsideTheStore() throws Exception {
        Set<String> outside = server.admin().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key).filter(k -> !k.startsWith("team/blocks/")).collect(Collectors.toSet());
        try (var files = Files.walk(tmp)) {
            files.filter(p -> !p.startsWith(tmp.resolve("cache")) && !p.startsWith(tmp.resolve("sources")) && !p.equals(tmp))
                    .forEach(p -> outside.add(p.toString()));
        }
        return outside;
    }

    List<String> objectsInBucket() {
        return server.admin().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void keysAreObjectsUnderThePrefix() throws Exception {
        store.put(file("f", new byte[]{1}), "data_sources/a/1.parquet");

        assertEquals(List.of("team/blocks/data_sources/a/1.parquet"), objectsInBucket());
        assertEquals("s3://" + bucket + "/team/blocks/data_sources/a/1.parquet", store.describe("data_sources/a/1.parquet"));
    }

    @Test
    void fetchDownloadsIntoTheCacheAndReusesAnUnchangedCopy() throws Exception {
        String key = "features/f/1.parquet";
        store.put(file("f", "version one".getBytes(StandardCharsets.UTF_8)), key);

        Path first = store.fetch(key);
        Object inode = Files.readAttributes(first, "unix:ino").get("ino");
        Path second = store.fetch(key);

        assertTrue(first.startsWith(tmp.resolve("cache")), first.toString());
        assertEquals(first, second);
        assertEquals(inode, Files.readAttributes(second, "unix:ino").get("ino"), "an unchanged object is not downloaded again");
        assertEquals("version one", Files.readString(second));
    }

    @Test
    void fetchSeesAnObjectReplacedBehindTheStoresBack() throws Exception {
        String key = "features/f/1.parquet";
        store.put(file("f", "version one".getBytes(StandardCharsets.UTF_8)), key);
        assertEquals("version one", Files.readString(store.fetch(key)));

        // same size, other bytes: only the ETag tells the copies apart
        server.admin().putObject(b -> b.bucket(bucket).key("team/blocks/" + key), RequestBody.fromString("version two"));

        assertEquals("version two", Files.readString(store.fetch(key)));
    }

    @Test
    void aBigFileGoesUpInPartsAndComesBackWhole() throws Exception {
        int partSize = 5 * 1024 * 1024;
        byte[] content = randomBytes(2 * partSize + 3, 42); // two full parts and a 3-byte tail
        try (S3DataStore parts = builder().multipart(partSize, partSize).build()) {
            parts.put(file("big", content), "data_sources/big/1.parquet");

            String etag = server.admin().headObject(b -> b.bucket(bucket).key("team/blocks/data_sources/big/1.parquet")).eTag();
            assertTrue(etag.endsWith("-3\""), "a multipart upload's ETag ends in its part count: " + etag);
            assertArrayEquals(content, Files.readAllBytes(parts.fetch("data_sources/big/1.parquet")));
        }
    }

    @Test
    void aFileAtTheThresholdIsOneSinglePut() throws Exception {
        int partSize = 5 * 1024 * 1024;
        byte[] content = randomBytes(partSize, 7);
        try (S3DataStore parts = builder().multipart(partSize, partSize).build()) {
            parts.put(file("edge", content), "data_sources/edge/1.parquet");

            String etag = server.admin().headObject(b -> b.bucket(bucket).key("team/blocks/data_sources/edge/1.parquet")).eTag();
            assertEquals("\"" + md5Hex(content) + "\"", etag, "a single PUT's ETag is the MD5 of the content");
        }
    }

    @Test
    void wrongCredentialsFailWithTheLocation() throws Exception {
        try (S3DataStore wrong = builder().credentials(S3TestServer.ACCESS_KEY, "not-the-secret").build()) {
            IOException e = assertThrows(IOException.class, () -> wrong.put(file("f", new byte[]{1}), "features/x/1.parquet"));
            assertTrue(e.getMessage().contains("s3://" + bucket + "/team/blocks/features/x/1.parquet"), e.getMessage());
        }
        assertEquals(List.of(), objectsInBucket());
    }

    @Test
    void aMissingBucketFailsWithTheLocation() throws Exception {
        try (S3DataStore missing = builder().bucket("no-such-bucket").build()) {
            IOException e = assertThrows(IOException.class, () -> missing.put(file("f", new byte[]{1}), "features/x/1.parquet"));
            assertTrue(e.getMessage().contains("s3://no-such-bucket/team/blocks/features/x/1.parquet"), e.getMessage());
        }
    }

    @Test
    void badSettingsAreRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> builder().bucket("Bad_Bucket").build());
        assertThrows(IllegalArgumentException.class, () -> builder().prefix("a/../b").build());
        assertThrows(IllegalArgumentException.class, () -> builder().credentials("id", null).build());
        assertThrows(IllegalArgumentException.class, () -> builder().multipart(1024, 1024));
    }

    @Test
    void theFactoryOpensAnS3StoreWithCredentialsFromTheEnvironment() throws Exception {
        String uri = "s3://" + bucket + "/from-env?endpoint=" + server.endpoint() + "&region=us-east-1&cache=" + tmp.resolve("cache2");
        try (DataStoreAdapter opened = DataStores.open(uri, java.util.Map.of(
                "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY))) {
            opened.put(file("f", "hi".getBytes(StandardCharsets.UTF_8)), "features/x/1.parquet");
            assertEquals("hi", Files.readString(opened.fetch("features/x/1.parquet")));
        }
        assertEquals(List.of("from-env/features/x/1.parquet"), objectsInBucket());

        String wrongSecret = uri + "&access_key=" + S3TestServer.ACCESS_KEY + "&secret_key=wrong";
        try (DataStoreAdapter opened = DataStores.open(wrongSecret, java.util.Map.of(
                "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY))) {
            assertThrows(IOException.class, () -> opened.exists("features/x/1.parquet"), "query credentials win over the environment");
        }
    }

    static String md5Hex(byte[] content) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(content);
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        assertNotEquals(0, hex.length());
        return hex.toString();
    }
}
