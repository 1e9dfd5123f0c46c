package io.featurizer.storage.block;

import static io.featurizer.storage.block.ParquetFormat.*;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes one block file: Parquet with v1 data pages, PLAIN values, RLE definition/repetition
 * levels and ZSTD pages, in row groups of up to {@link #ROW_GROUP_ROWS} rows (by default). Hand-written because
 * this is the recording hot path and DuckDB's JDBC appender costs about 1.5 us per appended list
 * (0.1 M book messages/s); here a row group is staged column-wise in primitive arrays
 * ({@link RowGroupColumns}) and each column chunk is encoded and compressed in bulk.
 *
 * <p>Statistics (min/max, null count) are written for the integer columns, so readers (this
 * package's, DuckDB's) skip row groups outside a {@code timestamp} range. Doubles get none: their
 * NaN and signed-zero ordering rules buy nothing for blocks.
 */
final class BlockFileWriter implements AutoCloseable {
    static final int ROW_GROUP_ROWS = 1 << 17;
    /** Caps a row group of long lists (deep snapshots) at about 32 MB of staged values. */
    static final int ROW_GROUP_LIST_VALUES = 1 << 22;
    /** List pages end at the first row boundary past this many values (1 MB of doubles). */
    static final int PAGE_LIST_VALUES = 1 << 17;
    /** zstd level 1: the fastest level; files about 30% larger than DuckDB's (level 3 plus dictionaries), see ParquetBlocks. */
    static final int ZSTD_LEVEL = 1;

    private final int rowGroupRows;
    private final Schema schema;
    private final List<BlockLayout.Column> columns;
    private final ColumnKind[] kinds;
    private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(ZSTD_LEVEL);
    private final CRC32 crc = new CRC32();
    private final ByteSink page = new ByteSink(1 << 20);
    private final ThriftWriter header = new ThriftWriter();
    private byte[] compressed = new byte[1 << 16];
    private byte[] levels = new byte[1 << 10];
    private byte[] definitions = new byte[1 << 10];
    // the chunk being written
    private long chunkCompressed, chunkUncompressed, chunkValues;

    private OutputStream out;
    private long position;

    BlockFileWriter(BlockLayout layout, int rowGroupRows) {
        this.rowGroupRows = rowGroupRows;
        this.schema = layout.schema();
        columns = layout.columns();
        kinds = new ColumnKind[columns.size()];
        for (int c = 0; c < kinds.length; c++) {
            kinds[c] = ColumnKind.of(columns.get(c));
        }
    }

    /** Writes {@code events} (already checked to be of the layout's schema) to {@code file}, replacing it. */
    void write(Path file, List<? extends Event> events, long[] sequences) throws IOException {
        List<ParquetFooter.RowGroup> groups = new ArrayList<>();
        RowGroupColumns staged = new RowGroupColumns(kinds, Math.min(rowGroupRows, Math.max(1, events.size())));
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out = o;
            position = 0;
            emit(MAGIC, 0, MAGIC.length);
            for (int from = 0; from < events.size();) {
                int to = staged.fill(schema, events, sequences, from, rowGroupRows, ROW_GROUP_LIST_VALUES);
                ParquetFooter.Chunk[] chunks = new ParquetFooter.Chunk[kinds.length];
                for (int c = 0; c < kinds.length; c++) {
                    chunks[c] = kinds[c] == ColumnKind.DOUBLE_LIST ? writeList(staged, c) : writeScalar(staged, c);
                }
                groups.add(new ParquetFooter.RowGroup(to - from, chunks));
                from = to;
            }
            ParquetFooter.encode(header, columns, kinds, events.size(), groups);
            int footerSize = header.size();
            emit(header.buffer(), 0, footerSize);
            byte[] tail = new byte[8];
            tail[0] = (byte) footerSize;
            tail[1] = (byte) (footerSize >>> 8);
            tail[2] = (byte) (footerSize >>> 16);
            tail[3] = (byte) (footerSize >>> 24);
            System.arraycopy(MAGIC, 0, tail, 4, 4);
            emit(tail, 0, 8);
        } finally {
            out = null;
        }
    }

    /** A scalar column chunk as one page: definition levels (all defined: one RLE run), then the PLAIN values. */
    private ParquetFooter.Chunk writeScalar(RowGroupColumns g, int c) throws IOException {
        int n = g.rows;
        page.reset();
        page.putIntLE(0);
        page.putVarint(n << 1);
        page.put(1);
        page.setIntLE(0, page.size - 4);
        byte[] min = null, max = null;
        switch (kinds[c]) {
            case INT64 -> {
                page.putLongs(g.longs[c], 0, n);
                long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    lo = Math.min(lo, g.longs[c][i]);
                    hi = Math.max(hi, g.longs[c][i]);
                }
                min = littleEndian(lo, 8);
                max = littleEndian(hi, 8);
            }
            case INT8 -> {
                int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
                page.ensure(4 * n);
                for (int i = 0; i < n; i++) {
                    int v = (byte) g.longs[c][i];
                    page.putIntLE(v);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                min = littleEndian(lo, 4);
                max = littleEndian(hi, 4);
            }
            case BOOLEAN -> {
                page.ensure((n + 7) / 8);
                for (int i = 0; i < n; i += 8) {
                    int b = 0;
                    for (int k = 0; k < 8 && i + k < n; k++) {
                        b |= (g.longs[c][i + k] != 0 ? 1 : 0) << k;
                    }
                    page.put(b);
                }
            }
            case DOUBLE -> page.putDoubles(g.doubles[c], 0, n);
            default -> throw new IllegalStateException(kinds[c].name());
        }
        long start = position;
        startChunk();
        writePage(n);
        return new ParquetFooter.Chunk(CODEC_ZSTD, chunkValues, start, chunkCompressed, chunkUncompressed, start, min, max, 0);
    }

    /**
     * A list column chunk in pages that start at row boundaries. Levels per list: an empty list is one
     * entry (repetition 0, definition 1: list present, no element); a list of k values is k entries
     * (repetition 0 then 1s, definition 3: element present).
     */
    private ParquetFooter.Chunk writeList(RowGroupColumns g, int c) throws IOException {
        int[] offsets = g.offsets[c];
        long start = position;
        startChunk();
        for (int r0 = 0; r0 < g.rows;) {
            int r1 = r0;
            while (r1 < g.rows && offsets[r1] - offsets[r0] < PAGE_LIST_VALUES) {
                r1++;
            }
            int entries = 0;
            for (int r = r0; r < r1; r++) {
                entries += Math.max(1, offsets[r + 1] - offsets[r]);
            }
            if (levels.length < entries) {
                levels = new byte[entries + (entries >> 1)];
                definitions = new byte[levels.length];
            }
            int e = 0;
            for (int r = r0; r < r1; r++) {
                int k = offsets[r + 1] - offsets[r];
                if (k == 0) {
                    levels[e] = 0;
                    definitions[e++] = 1;
                } else {
                    levels[e] = 0;
                    definitions[e++] = 3;
                    for (int j = 1; j < k; j++) {
                        levels[e] = 1;
                        definitions[e++] = 3;
                    }
                }
            }
            page.reset();
            lengthPrefixed(levels, entries, 1);
            lengthPrefixed(definitions, entries, 2);
            page.putDoubles(g.values[c], offsets[r0], offsets[r1] - offsets[r0]);
            writePage(entries);
            r0 = r1;
        }
        return new ParquetFooter.Chunk(CODEC_ZSTD, chunkValues, start, chunkCompressed, chunkUncompressed, start, null, null, -1);
    }

    private void lengthPrefixed(byte[] levelValues, int n, int width) {
        int at = page.size;
        page.putIntLE(0);
        RleHybrid.encode(levelValues, n, width, page);
        page.setIntLE(at, page.size - at - 4);
    }

    private void startChunk() {
        chunkCompressed = chunkUncompressed = chunkValues = 0;
    }

    /** Compresses {@link #page} and writes it behind its header. */
    private void writePage(int numValues) throws IOException {
        int bound = (int) Zstd.compressBound(page.size);
        if (compressed.length < bound) {
            compressed = new byte[bound + (bound >> 2)];
        }
        int size = zstd.compressByteArray(compressed, 0, compressed.length, page.buf, 0, page.size);
        crc.reset();
        crc.update(compressed, 0, size);
        header.reset();
        header.begin().i32(1, PAGE_DATA).i32(2, page.size).i32(3, size).i32(4, (int) crc.getValue())
                .struct(5).i32(1, numValues).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE).end()
                .end();
        emit(header.buffer(), 0, header.size());
        emit(compressed, 0, size);
        chunkCompressed += header.size() + size;
        chunkUncompressed += header.size() + page.size;
        chunkValues += numValues;
    }

    private void emit(byte[] b, int off, int n) throws IOException {
        out.write(b, off, n);
        position += n;
    }

    private static byte[] littleEndian(long v, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    @Override
    public void close() {
        zstd.close();
    }
}
