package io.featurizer.storage.block;

import static io.featurizer.storage.block.ParquetFormat.*;

import com.github.luben.zstd.Zstd;
import io.featurizer.core.event.Schema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes one block file, a row group at a time: Parquet with v1 data pages, PLAIN values, RLE
 * definition/repetition levels and ZSTD pages. Hand-written because this is the recording hot path and
 * DuckDB's JDBC appender costs about 1.5 us per appended list (0.1 M book messages/s); here a row group
 * is staged column-wise in primitive arrays ({@link RowGroupColumns}) and each column chunk is encoded
 * and compressed in bulk. Row groups are written as they fill, so a block being recorded or ingested
 * holds one row group in memory, not the whole block, and encoding overlaps with staging.
 *
 * <p>The file's content hash is SHA-256 over its uncompressed pages in file order (every column's
 * values and levels), taken as they are encoded: it depends on the events and sequences only (row
 * groups are cut by the same rule everywhere), not on the compressor.
 *
 * <p>Statistics (min/max, null count) are written for the integer and double columns, so readers (this
 * package's, DuckDB's) skip row groups outside a {@code timestamp} range or a price range. Statistics
 * live in the footer, so they do not change the content hash.
 */
public final class BlockFileWriter {
    public static final int ROW_GROUP_ROWS = 1 << 16;
    /** Caps a row group of long lists (deep snapshots) at about 32 MB of staged values. */
    public static final int ROW_GROUP_LIST_VALUES = 1 << 22;
    /** List pages end at the first row boundary past this many values (1 MB of doubles). */
    static final int PAGE_LIST_VALUES = 1 << 17;

    private final Path file;
    private final Schema schema;
    private final List<BlockLayout.Column> columns;
    private final ColumnKind[] kinds;
    private final PageEncoder enc;
    private final MessageDigest digest; // null for a table: only blocks are identified by their content
    private final List<ParquetFooter.RowGroup> groups = new ArrayList<>();
    private OutputStream out;
    private long position;
    private long rows;
    private long minTs = Long.MAX_VALUE, maxTs = Long.MIN_VALUE;
    // the chunk being written
    private long chunkCompressed, chunkUncompressed, chunkValues;

    /** Creates (or replaces) {@code file} for a block of {@code schema}, encoding with {@code enc}. */
    public BlockFileWriter(Path file, Schema schema, PageEncoder enc) throws IOException {
        this(file, schema, BlockLayout.of(schema).columns(), enc);
    }

    /**
     * Creates (or replaces) {@code file} for a table of {@code columns} (SQL types as {@link BlockLayout} names them:
     * BIGINT, TIMESTAMP_NS, DOUBLE, DOUBLE[]), whose row groups are staged column by column and may hold nulls
     * ({@link RowGroupColumns#forColumns}): a computed feature table is written so, by the same encoder as the blocks.
     */
    public BlockFileWriter(Path file, List<BlockLayout.Column> columns, PageEncoder enc) throws IOException {
        this(file, null, List.copyOf(columns), enc);
    }

    private BlockFileWriter(Path file, Schema schema, List<BlockLayout.Column> columns, PageEncoder enc) throws IOException {
        this.file = file;
        this.schema = schema;
        this.columns = columns;
        this.kinds = new ColumnKind[columns.size()];
        for (int c = 0; c < kinds.length; c++) {
            kinds[c] = ColumnKind.of(columns.get(c));
        }
        this.enc = enc;
        digest = schema == null ? null : newDigest();
        try (OutputStream o = Files.newOutputStream(file)) { // creates or truncates
            o.write(MAGIC);
        }
        position = MAGIC.length;
    }

    /**
     * Opens the file for appending one row group or the footer, and closes it after: a block stays
     * open for as long as its compaction says (an hour, a day) and a recorder may have one per stream,
     * so holding a file descriptor per open block could exhaust the process's limit.
     */
    private void openForAppend() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND), 1 << 16);
    }

    private void closeAppend() throws IOException {
        OutputStream o = out;
        out = null;
        if (o != null) {
            o.close();
        }
    }

    public Path file() {
        return file;
    }

    /** Writes the staged rows of {@code g} (of this file's schema) as the next row group; {@code g} may be reused afterwards. */
    public void writeRowGroup(RowGroupColumns g) throws IOException {
        if (g.rows == 0) {
            return;
        }
        if (g.kinds.length != kinds.length) {
            throw new IllegalArgumentException("row group of " + g.kinds.length + " columns in a file of " + kinds.length);
        }
        if (g.schema != null && !g.schema.equals(schema)) {
            throw new IllegalArgumentException("row group of " + g.schema.name() + " in a block of " + (schema == null ? "a table" : schema.name()));
        }
        ParquetFooter.Chunk[] chunks = new ParquetFooter.Chunk[kinds.length];
        openForAppend();
        try {
            for (int c = 0; c < kinds.length; c++) {
                chunks[c] = kinds[c] == ColumnKind.DOUBLE_LIST ? writeList(g, c) : writeScalar(g, c);
            }
        } finally {
            closeAppend();
        }
        // the block's time range from the timestamp column's own statistics, not a second pass over it
        if (chunks[0].min() != null) {
            minTs = Math.min(minTs, fromLittleEndian(chunks[0].min()));
            maxTs = Math.max(maxTs, fromLittleEndian(chunks[0].max()));
        }
        groups.add(new ParquetFooter.RowGroup(g.rows, chunks));
        rows += g.rows;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Smallest {@code timestamp} written so far (Long.MAX_VALUE before the first row). */
    public long minTs() {
        return minTs;
    }

    /** Largest {@code timestamp} written so far (Long.MIN_VALUE before the first row). */
    public long maxTs() {
        return maxTs;
    }

    /**
     * Writes the footer and closes the file. Returns the content hash: 32 lowercase hex digits (128 bits
     * of the SHA-256 of the pages), with {@code extra} numbers describing the block (e.g. a covered range)
     * hashed after the pages; null for a table (made without a schema), which is not hashed.
     */
    public String finish(long... extra) throws IOException {
        ParquetFooter.encode(enc.header, columns, kinds, rows, groups);
        int footerSize = enc.header.size();
        byte[] tail = new byte[8];
        tail[0] = (byte) footerSize;
        tail[1] = (byte) (footerSize >>> 8);
        tail[2] = (byte) (footerSize >>> 16);
        tail[3] = (byte) (footerSize >>> 24);
        System.arraycopy(MAGIC, 0, tail, 4, 4);
        openForAppend();
        try {
            emit(enc.header.buffer(), 0, footerSize);
            emit(tail, 0, 8);
        } finally {
            closeAppend();
        }
        return digest == null ? null : hash(digest, extra);
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** The content hash from a digest of the pages: {@code extra} (big-endian longs) fed after them, first 128 bits as hex. */
    static String hash(MessageDigest pages, long... extra) {
        for (long x : extra) {
            for (int i = 0; i < 8; i++) {
                pages.update((byte) (x >>> (56 - 8 * i)));
            }
        }
        return HexFormat.of().formatHex(pages.digest(), 0, 16);
    }

    /** Closes the file without finishing it (the caller deletes it). */
    public void abort() {
        try {
            closeAppend();
        } catch (IOException ignored) {
            // the half-written file is discarded anyway
        }
    }

    /**
     * A scalar column chunk as one page: definition levels (all defined: one RLE run), then the PLAIN values. With nulls
     * (a table's column), a level per row and the values of the non-null rows only.
     */
    private ParquetFooter.Chunk writeScalar(RowGroupColumns g, int c) throws IOException {
        int rows = g.rows;
        int nulls = g.nullCounts[c];
        enc.page.reset();
        if (nulls == 0) {
            enc.page.putIntLE(0);
            enc.page.putVarint(rows << 1);
            enc.page.put(1);
            enc.page.setIntLE(0, enc.page.size - 4);
        } else {
            if (kinds[c] != ColumnKind.INT64 && kinds[c] != ColumnKind.TIMESTAMP_NS && kinds[c] != ColumnKind.DOUBLE) {
                throw new IllegalStateException("nulls in a " + kinds[c] + " column");
            }
            byte[] defined = levels(rows);
            for (int r = 0; r < rows; r++) {
                defined[r] = (byte) (g.nulls[c][r] ? 0 : 1);
            }
            lengthPrefixed(defined, rows, 1);
        }
        int n = rows - nulls; // values written
        long[] longs = g.longs[c];
        double[] doubles = g.doubles[c];
        if (nulls > 0) { // the non-null values, packed
            if (longs != null) {
                longs = enc.packedLongs = packed(longs, g.nulls[c], rows, enc.packedLongs);
            } else {
                doubles = enc.packedDoubles = packed(doubles, g.nulls[c], rows, enc.packedDoubles);
            }
        }
        byte[] min = null, max = null;
        switch (kinds[c]) {
            case INT64, TIMESTAMP_NS -> {
                enc.page.putLongs(longs, 0, n);
                if (n > 0) {
                    long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
                    for (int i = 0; i < n; i++) {
                        lo = Math.min(lo, longs[i]);
                        hi = Math.max(hi, longs[i]);
                    }
                    min = littleEndian(lo, 8);
                    max = littleEndian(hi, 8);
                }
            }
            case INT8 -> {
                int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
                enc.page.ensure(4 * n);
                for (int i = 0; i < n; i++) {
                    int v = (byte) g.longs[c][i];
                    enc.page.putIntLE(v);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                min = littleEndian(lo, 4);
                max = littleEndian(hi, 4);
            }
            case BOOLEAN -> {
                enc.page.ensure((n + 7) / 8);
                for (int i = 0; i < n; i += 8) {
                    int b = 0;
                    for (int k = 0; k < 8 && i + k < n; k++) {
                        b |= (g.longs[c][i + k] != 0 ? 1 : 0) << k;
                    }
                    enc.page.put(b);
                }
            }
            case DOUBLE -> {
                enc.page.putDoubles(doubles, 0, n);
                // Parquet's rules for float statistics: NaN never in min/max (no stats if all NaN);
                // a zero bound is written as -0.0 for min and +0.0 for max
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    double v = doubles[i];
                    if (!Double.isNaN(v)) {
                        any = true;
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                if (any) {
                    min = littleEndian(Double.doubleToLongBits(lo == 0.0 ? -0.0 : lo), 8);
                    max = littleEndian(Double.doubleToLongBits(hi == 0.0 ? 0.0 : hi), 8);
                }
            }
            default -> throw new IllegalStateException(kinds[c].name());
        }
        long start = position;
        startChunk();
        writePage(rows);
        return new ParquetFooter.Chunk(CODEC_ZSTD, chunkValues, start, chunkCompressed, chunkUncompressed, start, min, max, nulls);
    }

    private static long[] packed(long[] values, boolean[] isNull, int rows, long[] into) {
        long[] out = into.length >= rows ? into : new long[rows];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            out[k] = values[r];
            k += isNull[r] ? 0 : 1;
        }
        return out;
    }

    private static double[] packed(double[] values, boolean[] isNull, int rows, double[] into) {
        double[] out = into.length >= rows ? into : new double[rows];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            out[k] = values[r];
            k += isNull[r] ? 0 : 1;
        }
        return out;
    }

    /** The encoder's level buffer, holding at least n levels (its definitions buffer grows alike). */
    private byte[] levels(int n) {
        if (enc.levels.length < n) {
            enc.levels = new byte[n + (n >> 1)];
            enc.definitions = new byte[enc.levels.length];
        }
        return enc.levels;
    }

    /**
     * A list column chunk in pages that start at row boundaries. Levels per list: a null list (a table's) is one entry
     * (repetition 0, definition 0), an empty list one entry (repetition 0, definition 1: list present, no element); a
     * list of k values is k entries (repetition 0 then 1s, definition 3: element present).
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
            levels(entries);
            int e = 0;
            for (int r = r0; r < r1; r++) {
                int k = offsets[r + 1] - offsets[r];
                if (k == 0) {
                    enc.levels[e] = 0;
                    enc.definitions[e++] = (byte) (g.isNull(c, r) ? 0 : 1);
                } else {
                    enc.levels[e] = 0;
                    enc.definitions[e++] = 3;
                    for (int j = 1; j < k; j++) {
                        enc.levels[e] = 1;
                        enc.definitions[e++] = 3;
                    }
                }
            }
            enc.page.reset();
            lengthPrefixed(enc.levels, entries, 1);
            lengthPrefixed(enc.definitions, entries, 2);
            enc.page.putDoubles(g.values[c], offsets[r0], offsets[r1] - offsets[r0]);
            writePage(entries);
            r0 = r1;
        }
        // no statistics: a list's null count would count its leaves (empty lists among them), not its null rows
        return new ParquetFooter.Chunk(CODEC_ZSTD, chunkValues, start, chunkCompressed, chunkUncompressed, start, null, null, -1);
    }

    private void lengthPrefixed(byte[] levelValues, int n, int width) {
        int at = enc.page.size;
        enc.page.putIntLE(0);
        RleHybrid.encode(levelValues, n, width, enc.page);
        enc.page.setIntLE(at, enc.page.size - at - 4);
    }

    private void startChunk() {
        chunkCompressed = chunkUncompressed = chunkValues = 0;
    }

    /** Compresses the page and writes it behind its header. */
    private void writePage(int numValues) throws IOException {
        int bound = (int) Zstd.compressBound(enc.page.size);
        if (enc.compressed.length < bound) {
            enc.compressed = new byte[bound + (bound >> 2)];
        }
        if (digest != null) {
            digest.update(enc.page.buf, 0, enc.page.size);
        }
        int size = enc.zstd.compressByteArray(enc.compressed, 0, enc.compressed.length, enc.page.buf, 0, enc.page.size);
        enc.crc.reset();
        enc.crc.update(enc.compressed, 0, size);
        enc.header.reset();
        enc.header.begin().i32(1, PAGE_DATA).i32(2, enc.page.size).i32(3, size).i32(4, (int) enc.crc.getValue())
                .struct(5).i32(1, numValues).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE).end()
                .end();
        emit(enc.header.buffer(), 0, enc.header.size());
        emit(enc.compressed, 0, size);
        chunkCompressed += enc.header.size() + size;
        chunkUncompressed += enc.header.size() + enc.page.size;
        chunkValues += numValues;
    }

    private void emit(byte[] b, int off, int n) throws IOException {
        out.write(b, off, n);
        position += n;
    }

    private static long fromLittleEndian(byte[] b) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    private static byte[] littleEndian(long v, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
