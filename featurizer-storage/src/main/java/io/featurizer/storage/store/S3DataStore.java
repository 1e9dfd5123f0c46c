package io.featurizer.storage.store;

import io.featurizer.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Block files as objects of an S3-compatible bucket, under an optional prefix: {@code s3://bucket/prefix/key}.
 * A put is one PUT (or a multipart upload for big files), which S3 makes visible whole or not at all; a
 * fetch downloads into a local cache that is reused while the object's size and ETag are unchanged.
 * Uses the AWS SDK v2 with the JDK's HttpURLConnection transport. The bucket must exist. Thread-safe.
 */
public final class S3DataStore implements DataStoreAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(S3DataStore.class);
    private static final int MIN_PART_SIZE = 5 * 1024 * 1024; // S3's minimum for every part but the last

    private final S3Client s3;
    private final String bucket;
    private final String base;
    private final S3Upload upload;
    private final S3FetchCache cache;

    private S3DataStore(S3Client s3, String bucket, String base, Path cacheDir, long multipartThreshold, int partSize)
            throws IOException {
        this.s3 = s3;
        this.bucket = bucket;
        this.base = base;
        this.upload = new S3Upload(s3, bucket, multipartThreshold, partSize);
        this.cache = new S3FetchCache(s3, bucket, cacheDir);
    }

    /** Starts configuring a store; {@link Builder#bucket} is required. */
    public static Builder builder() {
        return new Builder();
    }

    public String bucket() {
        return bucket;
    }

    /** The object-name prefix of every key: "" or a path ending in '/'. */
    public String prefix() {
        return base;
    }

    /** Where fetched objects are cached. */
    public Path cacheDir() {
        return cache.dir();
    }

    @Override
    public void put(Path localFile, String key) throws IOException {
        String object = objectName(key);
        try {
            upload.upload(localFile, object);
        } catch (SdkException e) {
            throw failure("upload of " + localFile + " to", key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        String object = objectName(key);
        try {
            s3.headObject(b -> b.bucket(bucket).key(object));
            return true;
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw failure("existence check of", key, e);
        }
    }

    @Override
    public Path fetch(String key) throws IOException {
        String object = objectName(key);
        try {
            return cache.fetch(object);
        } catch (SdkException e) {
            if (isNotFound(e)) {
                throw new NoSuchFileException(describe(key), null, "no stored object for key '" + key + "'");
            }
            throw failure("download of", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        StoreKeys.checkPrefix(prefix);
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base + prefix)).contents()) {
                String key = object.key().substring(base.length());
                if (isStoreKey(key)) {
                    keys.add(key);
                } else {
                    LOG.warn("ignoring {}: not a valid storage key", "s3://" + bucket + "/" + object.key());
                }
            }
        } catch (SdkException e) {
            throw new IOException("listing s3://" + bucket + "/" + base + prefix + " failed: " + e.getMessage(), e);
        }
        Collections.sort(keys); // S3 orders by UTF-8 bytes; callers get the same (UTF-16) order as the local store
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        String object = objectName(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(object));
        } catch (SdkException e) {
            throw failure("delete of", key, e);
        }
        cache.evict(object);
    }

    @Override
    public String describe(String key) {
        return "s3://" + bucket + "/" + base + key;
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3DataStore[s3://" + bucket + "/" + base + "]";
    }

    private String objectName(String key) {
        return base + StoreKeys.checkKey(key);
    }

    private static boolean isStoreKey(String key) {
        try {
            StoreKeys.checkKey(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isNotFound(SdkException e) {
        return e instanceof NoSuchKeyException || (e instanceof S3Exception s3e && s3e.statusCode() == 404
                && !"NoSuchBucket".equals(s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode()));
    }

    private IOException failure(String action, String key, SdkException e) {
        return new IOException(action + " " + describe(key) + " failed: " + e.getMessage(), e);
    }

    /** Settings of an {@link S3DataStore}; the defaults suit AWS S3, {@link #endpoint} a local S3-compatible server. */
    public static final class Builder {
        private URI endpoint;
        private String region = "us-east-1";
        private String bucket;
        private String prefix = "";
        private String accessKeyId;
        private String secretAccessKey;
        private Boolean pathStyle;
        private Path cacheDir;
        private long multipartThreshold = 64L * 1024 * 1024;
        private int partSize = 16 * 1024 * 1024;
        private S3Client client;

        private Builder() {
        }

        /** An S3-compatible server's URL, e.g. {@code http://127.0.0.1:9000}; none means AWS S3. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** Object-name prefix of every key ("" for none); surrounding slashes are dropped. */
        public Builder prefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
            return this;
        }

        /** Static credentials; without them the SDK's default chain (environment, profile, instance role) is used. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /** Path-style addressing ({@code endpoint/bucket/key}); default: on with an endpoint, off for AWS. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** Where fetched objects are cached; default {@code ~/.cache/featurizer/s3/<endpoint host>/<bucket>}. */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** Files larger than this are uploaded in parts of {@code partSize} bytes (at least 5 MiB, S3's minimum). */
        public Builder multipart(long threshold, int partSize) {
            if (partSize < MIN_PART_SIZE || threshold < 0) {
                throw new IllegalArgumentException("multipart part size " + partSize + " / threshold " + threshold
                        + ": expected a part size of at least " + MIN_PART_SIZE + " bytes and a threshold >= 0");
            }
            this.multipartThreshold = threshold;
            this.partSize = partSize;
            return this;
        }

        /** Uses a ready client (the store closes it); endpoint, region, credentials and path style are then ignored. */
        public Builder client(S3Client client) {
            this.client = client;
            return this;
        }

        public S3DataStore build() throws IOException {
            checkBucket(bucket);
            String base = base(prefix);
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new IllegalArgumentException("S3 credentials for bucket '" + bucket
                        + "': expected both an access key id and a secret access key, or neither");
            }
            Path cache = cacheDir != null ? cacheDir
                    : Path.of(System.getProperty("user.home"), ".cache", "featurizer", "s3",
                    endpoint == null ? "aws" : endpoint.getHost() + "_" + endpoint.getPort(), bucket);
            S3Client s3 = client != null ? client : newClient();
            try {
                return new S3DataStore(s3, bucket, base, cache, multipartThreshold, partSize);
            } catch (IOException | RuntimeException e) {
                s3.close();
                throw e;
            }
        }

        private S3Client newClient() {
            AwsCredentialsProvider credentials = accessKeyId != null
                    ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey))
                    : DefaultCredentialsProvider.builder().build();
            S3ClientBuilder builder = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.of(region))
                    .credentialsProvider(credentials)
                    .forcePathStyle(pathStyle != null ? pathStyle : endpoint != null);
            if (endpoint != null) {
                // S3-compatible servers often lack the SDK's newer default checksums (aws-chunked trailers);
                // integrity is kept by the Content-MD5 we send with every upload
                builder.endpointOverride(endpoint)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
            return builder.build();
        }

        private static String base(String prefix) {
            String trimmed = prefix;
            while (trimmed.startsWith("/")) {
                trimmed = trimmed.substring(1);
            }
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (trimmed.isEmpty()) {
                return "";
            }
            try {
                StorageLayout.checkKey(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("S3 prefix '" + prefix + "': expected '/'-separated names without empty, '.' or '..' parts", e);
            }
            return trimmed + "/";
        }

        /** S3's bucket naming rules: 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit. */
        private static void checkBucket(String bucket) {
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
                throw new IllegalArgumentException("S3 bucket name '" + bucket + "': expected 3-63 lowercase letters, digits, "
                        + "'.' or '-', starting and ending with a letter or digit");
            }
        }
    }
}
