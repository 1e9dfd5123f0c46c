package io.featurizer.storage.block;

/** Bytes that are not the Parquet this package reads; {@link ParquetBlocks} rethrows it as a {@link BlockFileException} with the path. */
final class ParquetFormatException extends RuntimeException {
    ParquetFormatException(String message) {
        super(message);
    }
}
