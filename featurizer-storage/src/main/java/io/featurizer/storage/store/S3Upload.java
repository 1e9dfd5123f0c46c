package io.featurizer.storage.store;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Uploads one local file as one S3 object: a single PUT up to the multipart threshold, else a multipart
 * upload of fixed-size parts (aborted on failure). Both are atomic in S3: the object appears whole when the
 * PUT or the completion returns. Every request carries Content-MD5, so the server rejects a corrupted body.
 */
final class S3Upload {
    private static final String BINARY = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final int partSize;

    S3Upload(S3Client s3, String bucket, long multipartThreshold, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /** Uploads {@code file} as {@code objectName}, replacing any object of that name. */
    void upload(Path file, String objectName) throws IOException {
        long size = Files.size(file);
        if (size <= multipartThreshold) {
            String md5 = md5Of(file);
            s3.putObject(b -> b.bucket(bucket).key(objectName).contentLength(size).contentMD5(md5).contentType(BINARY),
                    RequestBody.fromFile(file));
        } else {
            uploadInParts(file, objectName, size);
        }
    }

    private void uploadInParts(Path file, String objectName, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectName).contentType(BINARY)).uploadId();
        boolean completed = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buffer = new byte[partSize];
            List<CompletedPart> parts = new ArrayList<>();
            long offset = 0;
            for (int partNumber = 1; offset < size; partNumber++) {
                int length = (int) Math.min(partSize, size - offset);
                readFully(channel, buffer, offset, length, file);
                MessageDigest digest = md5();
                digest.update(buffer, 0, length);
                String md5 = Base64.getEncoder().encodeToString(digest.digest());
                int number = partNumber;
                UploadPartResponse response = s3.uploadPart(
                        b -> b.bucket(bucket).key(objectName).uploadId(uploadId).partNumber(number).contentLength((long) length)
                                .contentMD5(md5),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, BINARY));
                parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag()).build());
                offset += length;
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectName).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(objectName, uploadId);
            }
        }
    }

    private void abortQuietly(String objectName, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectName).uploadId(uploadId));
        } catch (RuntimeException e) {
            // the upload failed already; the bucket's lifecycle rules clean up an upload we could not abort
        }
    }

    private static void readFully(FileChannel channel, byte[] buffer, long offset, int length, Path file) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining()) {
            if (channel.read(target, offset + target.position()) < 0) {
                throw new IOException(file + " shrank while it was being uploaded (end of file at offset " + (offset + target.position()) + ")");
            }
        }
    }

    /** Base64 MD5 of a file, as the Content-MD5 header wants it. */
    static String md5Of(Path file) throws IOException {
        MessageDigest digest = md5();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
