package io.featurizer.storage.store;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Local copies of S3 objects, under {@code objects/<object name>}, each with its ETag under
 * {@code etags/<object name>}. A copy is reused while the object's size and ETag are unchanged; else it is
 * downloaded again to a temp file and renamed into place, so a reader never sees a partial download.
 */
final class S3FetchCache {
    private final S3Client s3;
    private final String bucket;
    private final RootedPaths objects;
    private final RootedPaths etags;

    S3FetchCache(S3Client s3, String bucket, Path dir) throws IOException {
        this.s3 = s3;
        this.bucket = bucket;
        this.objects = new RootedPaths(dir.resolve("objects"));
        this.etags = new RootedPaths(dir.resolve("etags"));
    }

    Path dir() {
        return objects.root().getParent();
    }

    /** A local file with the object's current content (throws S3's NoSuchKeyException if there is none). */
    Path fetch(String objectName) throws IOException {
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(objectName));
        Path cached = objects.file(objectName);
        Path etagFile = etags.file(objectName);
        if (Files.isRegularFile(cached) && Files.size(cached) == head.contentLength() && Files.isRegularFile(etagFile)
                && Files.readString(etagFile).equals(head.eTag())) {
            return cached;
        }
        // forget the old ETag first: a crash between the two renames below then costs a download, never a stale copy
        Files.deleteIfExists(etagFile);
        String[] etag = new String[1];
        AtomicFiles.write(objects.fileForWrite(objectName), temp -> {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(objectName));
                 OutputStream out = Files.newOutputStream(temp)) {
                long copied = in.transferTo(out);
                Long expected = in.response().contentLength();
                if (expected != null && copied != expected) {
                    throw new IOException("download of s3://" + bucket + "/" + objectName + " ended after " + copied
                            + " of " + expected + " bytes");
                }
                etag[0] = in.response().eTag();
            }
        });
        if (etag[0] != null) {
            AtomicFiles.write(etags.fileForWrite(objectName), temp -> Files.writeString(temp, etag[0]));
        }
        return cached;
    }

    /** Drops the local copy of an object, if any. */
    void evict(String objectName) throws IOException {
        Files.deleteIfExists(etags.file(objectName));
        Files.deleteIfExists(objects.file(objectName));
    }
}
