package io.featurizer.storage.block;

import com.github.luben.zstd.ZstdCompressCtx;
import java.util.zip.CRC32;

/**
 * The scratch buffers and ZSTD context that encode row groups into compressed pages. One per writing
 * thread, shared by every block file that thread has open (a recorder may have one open per stream),
 * so open blocks cost their staged rows only. Not thread-safe.
 */
public final class PageEncoder implements AutoCloseable {
    /** zstd level 1: the fastest level; files about 30% larger than DuckDB's (level 3 plus dictionaries), see ParquetBlocks. */
    static final int ZSTD_LEVEL = 1;

    final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(ZSTD_LEVEL);
    final CRC32 crc = new CRC32();
    final ByteSink page = new ByteSink(1 << 20);
    final ThriftWriter header = new ThriftWriter();
    byte[] compressed = new byte[1 << 16];
    byte[] levels = new byte[1 << 10];
    byte[] definitions = new byte[1 << 10];
    // a nullable column's non-null values, packed (a table's columns)
    long[] packedLongs = new long[0];
    double[] packedDoubles = new double[0];

    @Override
    public void close() {
        zstd.close();
    }
}
