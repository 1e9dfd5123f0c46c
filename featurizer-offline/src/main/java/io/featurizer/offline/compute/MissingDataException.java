package io.featurizer.offline.compute;

/** A compute asked for data sources storage holds nothing of in the range: record or ingest them first. */
public final class MissingDataException extends RuntimeException {
    public MissingDataException(String message) {
        super(message);
    }
}
