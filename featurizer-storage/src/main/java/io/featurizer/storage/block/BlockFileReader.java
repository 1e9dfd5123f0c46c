package io.featurizer.storage.block;

import static io.featurizer.storage.block.ParquetFormat.*;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads a block file's row groups straight into primitive column arrays ({@link RowGroupColumns}):
 * no boxing, buffers reused across pages and row groups. Hand-written for the replay hot path (the
 * DuckDB driver boxes every list element it fetches). Reads what {@link BlockFileWriter} writes,
 * and the same columns from other writers as long as they use v1 data pages, PLAIN or dictionary
 * values, and ZSTD or no compression. Anything malformed fails with a {@link ParquetFormatException}
 * saying what and where (byte offset, column, row group).
 */
final class BlockFileReader implements AutoCloseable {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Larger pages are taken for corruption (ours are about 1 MB). */
    private static final int MAX_PAGE_BYTES = 1 << 28;

    private final FileChannel channel;
    private final long fileSize;
    private final long footerStart;
    final ParquetFooter footer;
    /** Per layout column, its leaf in the file. */
    private final ParquetFooter.Leaf[] leaves;
    private final int[] leafIndex;
    private final ColumnKind[] kinds;
    private final String[] names;
    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    private final CRC32 crc = new CRC32();
    private byte[] chunk = new byte[1 << 16];
    private byte[] page = new byte[1 << 16];
    private int[] rep = new int[1 << 10], def = new int[1 << 10];
    private long[] dictLongs;
    private double[] dictDoubles;
    private int dictSize = -1;
    /** When set, every data page's uncompressed bytes are fed to it as they are read (content verification). */
    private MessageDigest digest;

    private BlockFileReader(FileChannel channel, long fileSize, long footerStart, ParquetFooter footer, BlockLayout layout) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.footerStart = footerStart;
        this.footer = footer;
        List<BlockLayout.Column> cols = layout != null ? layout.columns() : ownColumns(footer);
        leaves = new ParquetFooter.Leaf[cols.size()];
        leafIndex = new int[cols.size()];
        kinds = new ColumnKind[cols.size()];
        names = new String[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            BlockLayout.Column col = cols.get(c);
            kinds[c] = ColumnKind.of(col);
            names[c] = col.name();
            leafIndex[c] = -1;
            for (int i = 0; i < footer.leaves().size(); i++) {
                if (footer.leaves().get(i).name().equals(col.name())) {
                    leafIndex[c] = i;
                    break;
                }
            }
            if (leafIndex[c] < 0) {
                throw new ParquetFormatException("no column " + col.name() + "; a " + layout.schema().name() + " block has columns "
                        + cols.stream().map(BlockLayout.Column::name).toList());
            }
            ParquetFooter.Leaf leaf = leaves[c] = footer.leaves().get(leafIndex[c]);
            if (!stores(leaf, col, kinds[c])) {
                throw new ParquetFormatException("column " + col.name() + " is " + leaf.sqlType()
                        + (leaf.sqlType().equals(col.sqlType()) ? " stored as " + typeName(leaf.physicalType()) : "") + ", expected " + col.sqlType()
                        + (kinds[c] == ColumnKind.TIMESTAMP_NS ? " (or BIGINT ns)" : ""));
            }
        }
    }

    /**
     * Whether the file's leaf holds the layout column: the same SQL and physical type, or, for a time column, the
     * plain BIGINT of ns that blocks had before their time columns were typed TIMESTAMP (same values).
     */
    static boolean stores(ParquetFooter.Leaf leaf, BlockLayout.Column col, ColumnKind kind) {
        if (leaf.physicalType() != kind.physicalType) {
            return false;
        }
        return compatible(leaf.sqlType(), col.sqlType());
    }

    /** Whether a file with {@code fileColumns} holds exactly the {@code layout} columns, in order ({@link #stores}). */
    static boolean holds(List<BlockLayout.Column> fileColumns, List<BlockLayout.Column> layout) {
        if (fileColumns.size() != layout.size()) {
            return false;
        }
        for (int c = 0; c < layout.size(); c++) {
            BlockLayout.Column f = fileColumns.get(c), l = layout.get(c);
            if (!f.name().equals(l.name()) || !compatible(f.sqlType(), l.sqlType())) {
                return false;
            }
        }
        return true;
    }

    private static boolean compatible(String fileType, String layoutType) {
        return fileType.equals(layoutType) || layoutType.equals(ColumnKind.TIMESTAMP_NS.sqlType) && fileType.equals(ColumnKind.INT64.sqlType);
    }

    ColumnKind[] kinds() {
        return kinds;
    }

    /** The file's columns as its footer declares them, for reading a block whose schema is not known here. */
    private static List<BlockLayout.Column> ownColumns(ParquetFooter footer) {
        List<BlockLayout.Column> cols = new java.util.ArrayList<>();
        for (ParquetFooter.Leaf leaf : footer.leaves()) {
            cols.add(new BlockLayout.Column(leaf.name(), leaf.sqlType()));
        }
        return cols;
    }

    /** The columns this reader reads, in file order. */
    List<BlockLayout.Column> columns() {
        List<BlockLayout.Column> cols = new java.util.ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            cols.add(new BlockLayout.Column(names[c], leaves[c].sqlType()));
        }
        return cols;
    }

    /**
     * Reads every row group of a block file with the columns its footer declares, feeding each data
     * page, uncompressed and in file order, to {@code pages}: the content hash the writer took
     * ({@link BlockFileWriter#finish}) without knowing the block's schema. Also checks the whole file decodes.
     */
    static void digestPages(Path file, MessageDigest pages) throws IOException {
        try (BlockFileReader r = open(file, null)) {
            r.digest = pages;
            RowGroupColumns scratch = new RowGroupColumns(r.kinds, 0);
            for (int g = 0; g < r.rowGroups(); g++) {
                r.read(g, scratch);
            }
        }
    }

    /** Opens a block file and reads its footer, checked against the layout (null: the file's own columns). */
    static BlockFileReader open(Path file, BlockLayout layout) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 12) {
                throw new ParquetFormatException("file is " + size + " bytes, too short for Parquet (magic, footer length, magic: 12 bytes at least)");
            }
            byte[] head = new byte[4], tail = new byte[8];
            readFully(ch, head, 0, 4, 0);
            readFully(ch, tail, 0, 8, size - 8);
            if (!magic(head, 0) || !magic(tail, 4)) {
                throw new ParquetFormatException("no PAR1 magic at the " + (magic(head, 0) ? "end" : "start") + " of the file; not a Parquet file, or truncated");
            }
            long footerLength = (int) INTS.get(tail, 0) & 0xFFFFFFFFL;
            if (footerLength > size - 12) {
                throw new ParquetFormatException("footer length " + footerLength + " exceeds the file size " + size);
            }
            byte[] footer = new byte[(int) footerLength];
            long footerStart = size - 8 - footerLength;
            readFully(ch, footer, 0, footer.length, footerStart);
            ParquetFooter f = ParquetFooter.decode(footer, 0, footer.length);
            return new BlockFileReader(ch, size, footerStart, f, layout);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static boolean magic(byte[] b, int at) {
        return b[at] == 'P' && b[at + 1] == 'A' && b[at + 2] == 'R' && b[at + 3] == '1';
    }

    private static void readFully(FileChannel ch, byte[] dst, int off, int n, long position) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(dst, off, n);
        while (bb.hasRemaining()) {
            if (ch.read(bb, position + bb.position() - off) < 0) {
                throw new ParquetFormatException("file ends at byte " + (position + bb.position() - off) + ", expected " + n + " bytes from " + position);
            }
        }
    }

    int rowGroups() {
        return footer.rowGroups().size();
    }

    /** {@code {min, max}} of integer column c over every row group, by the statistics; null when a row group has none. */
    long[] range(int c) {
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (ParquetFooter.RowGroup g : footer.rowGroups()) {
            ParquetFooter.Chunk chunk = g.chunks()[leafIndex[c]];
            if (chunk.min() == null || chunk.max() == null || chunk.min().length != 8 || chunk.max().length != 8) {
                return null;
            }
            min = Math.min(min, (long) LONGS.get(chunk.min(), 0));
            max = Math.max(max, (long) LONGS.get(chunk.max(), 0));
        }
        return new long[] {min, max};
    }

    /** Whether row group g may hold a timestamp in [from, to] (by its min/max statistics; true without them). */
    boolean overlaps(int g, long from, long to) {
        ParquetFooter.Chunk ts = footer.rowGroups().get(g).chunks()[leafIndex[0]];
        if (ts.min() == null || ts.max() == null || ts.min().length != 8 || ts.max().length != 8) {
            return true;
        }
        return (long) LONGS.get(ts.max(), 0) >= from && (long) LONGS.get(ts.min(), 0) <= to;
    }

    /** Decodes every layout column of row group g into {@code into}. */
    void read(int g, RowGroupColumns into) throws IOException {
        ParquetFooter.RowGroup group = footer.rowGroups().get(g);
        if (group.numRows() > Integer.MAX_VALUE - 1) {
            throw new ParquetFormatException("row group " + g + " claims " + group.numRows() + " rows");
        }
        int rows = (int) group.numRows();
        into.capacity(rows);
        into.rows = rows;
        for (int c = 0; c < kinds.length; c++) {
            try {
                readChunk(group.chunks()[leafIndex[c]], leaves[c], kinds[c], into, c, rows);
            } catch (ParquetFormatException e) {
                throw new ParquetFormatException("row group " + g + ", column " + names[c] + ": " + e.getMessage());
            }
        }
    }

    private void readChunk(ParquetFooter.Chunk meta, ParquetFooter.Leaf leaf, ColumnKind kind, RowGroupColumns into, int c, int rows)
            throws IOException {
        if (meta.start() < MAGIC.length || meta.compressedSize() < 0 || meta.start() + meta.compressedSize() > footerStart
                || meta.compressedSize() > Integer.MAX_VALUE - 16) {
            throw new ParquetFormatException("column chunk at byte " + meta.start() + " of " + meta.compressedSize()
                    + " bytes lies outside the data of this " + fileSize + "-byte file");
        }
        if (meta.codec() != CODEC_ZSTD && meta.codec() != CODEC_UNCOMPRESSED) {
            throw new ParquetFormatException("compression " + codecName(meta.codec()) + " is not supported, expected ZSTD or UNCOMPRESSED");
        }
        int len = (int) meta.compressedSize();
        if (chunk.length < len) {
            chunk = new byte[len + (len >> 2)];
        }
        readFully(channel, chunk, 0, len, meta.start());
        Levels state = new Levels();
        dictSize = -1;
        int pos = 0;
        while (state.entries < meta.numValues()) {
            if (pos >= len) {
                throw new ParquetFormatException("chunk ends after " + state.entries + " of its " + meta.numValues() + " values");
            }
            ThriftReader h = new ThriftReader(chunk, pos, len);
            int type = -1, uncompressed = -1, compressed = -1, values = -1, encoding = -1;
            boolean hasCrc = false;
            int expectedCrc = 0;
            h.begin();
            while (h.nextField()) {
                switch (h.fieldId) {
                    case 1 -> type = h.i32();
                    case 2 -> uncompressed = h.i32();
                    case 3 -> compressed = h.i32();
                    case 4 -> {
                        hasCrc = true;
                        expectedCrc = h.i32();
                    }
                    case 5, 7 -> { // data page header, dictionary page header: num_values, encoding first
                        h.begin();
                        while (h.nextField()) {
                            if (h.fieldId == 1) {
                                values = h.i32();
                            } else if (h.fieldId == 2) {
                                encoding = h.i32();
                            } else {
                                h.skip();
                            }
                        }
                    }
                    default -> h.skip();
                }
            }
            int body = h.position();
            if (compressed < 0 || compressed > len - body || uncompressed < 0 || uncompressed > MAX_PAGE_BYTES || values < 0) {
                throw new ParquetFormatException("bad page header at chunk byte " + pos + " (page " + compressed + " bytes, "
                        + uncompressed + " uncompressed, " + values + " values)");
            }
            if (hasCrc) {
                crc.reset();
                crc.update(chunk, body, compressed);
                if ((int) crc.getValue() != expectedCrc) {
                    throw new ParquetFormatException("page at chunk byte " + pos + " fails its CRC check");
                }
            }
            pos = body + compressed;
            if (type != PAGE_DATA && type != PAGE_DICTIONARY) {
                if (type == PAGE_DATA_V2) {
                    throw new ParquetFormatException("data page v2 is not supported (blocks use v1 pages)");
                }
                continue; // index pages and the like
            }
            byte[] src;
            int off;
            if (meta.codec() == CODEC_ZSTD) {
                if (page.length < uncompressed) {
                    page = new byte[uncompressed + (uncompressed >> 2)];
                }
                int n;
                try {
                    n = zstd.decompressByteArray(page, 0, uncompressed, chunk, body, compressed);
                } catch (RuntimeException e) {
                    throw new ParquetFormatException("page at chunk byte " + (body - 1) + " does not decompress: " + e.getMessage());
                }
                if (n != uncompressed) {
                    throw new ParquetFormatException("page decompressed to " + n + " bytes, its header says " + uncompressed);
                }
                src = page;
                off = 0;
            } else {
                if (uncompressed != compressed) {
                    throw new ParquetFormatException("uncompressed page of " + compressed + " bytes claims " + uncompressed);
                }
                src = chunk;
                off = body;
            }
            if (type == PAGE_DATA && (values > meta.numValues() - state.entries
                    || kind != ColumnKind.DOUBLE_LIST && values > rows - state.rows)) {
                throw new ParquetFormatException("page of " + values + " values exceeds the chunk's " + meta.numValues() + " values or "
                        + rows + " rows");
            }
            if (type == PAGE_DICTIONARY) {
                readDictionary(src, off, off + uncompressed, values, kind);
            } else {
                if (digest != null) {
                    digest.update(src, off, uncompressed);
                }
                dataPage(src, off, off + uncompressed, values, encoding, leaf, kind, into, c, rows, state);
            }
        }
        if (state.rows != rows) {
            throw new ParquetFormatException("chunk has " + state.rows + " rows, its row group " + rows);
        }
        if (kind == ColumnKind.DOUBLE_LIST) {
            into.offsets[c][rows] = state.listValues;
        }
    }

    /** Progress through one column chunk: level entries and rows seen, list values kept. */
    private static final class Levels {
        long entries;
        int rows;
        int listValues;
    }

    private void dataPage(byte[] src, int pos, int end, int n, int encoding, ParquetFooter.Leaf leaf, ColumnKind kind, RowGroupColumns into,
            int c, int rows, Levels state) {
        if (rep.length < n) {
            rep = new int[n + (n >> 1)];
            def = new int[rep.length];
        }
        if (leaf.maxRep() > 0) {
            pos = levels(src, pos, end, leaf.maxRep(), n, rep);
        }
        if (leaf.maxDef() > 0) {
            pos = levels(src, pos, end, leaf.maxDef(), n, def);
        }
        int maxDef = leaf.maxDef();
        if (kind != ColumnKind.DOUBLE_LIST) {
            if (maxDef > 0) {
                for (int i = 0; i < n; i++) {
                    if (def[i] != maxDef) {
                        throw new ParquetFormatException("NULL at row " + (state.rows + i) + "; block columns have no NULLs");
                    }
                }
            }
            if (state.rows + (long) n > rows) {
                throw new ParquetFormatException("more values than the row group's " + rows + " rows");
            }
            values(src, pos, end, n, encoding, kind, into, c, state.rows);
            state.rows += n;
            state.entries += n;
            return;
        }
        int[] offsets = into.offsets[c];
        int first = state.listValues;
        int count = first;
        int r = state.rows;
        int emptyDef = leaf.emptyListDef();
        for (int i = 0; i < n; i++) {
            if (rep[i] == 0) {
                if (r == rows) {
                    throw new ParquetFormatException("more lists than the row group's " + rows + " rows");
                }
                offsets[r++] = count;
            } else if (r == 0) {
                throw new ParquetFormatException("the first level entry continues a list");
            }
            int d = def[i];
            if (d == maxDef) {
                count++;
            } else if (d != emptyDef || rep[i] != 0) {
                throw new ParquetFormatException((d < emptyDef ? "NULL list" : "NULL list element") + " at row " + (r - 1)
                        + "; block lists have no NULLs");
            }
        }
        double[] dst = into.values(c, count);
        decodeDoubles(src, pos, end, count - first, encoding, dst, first);
        state.listValues = count;
        state.rows = r;
        state.entries += n;
    }

    private int levels(byte[] src, int pos, int end, int maxLevel, int n, int[] dst) {
        if (end - pos < 4) {
            throw new ParquetFormatException("page ends before its levels");
        }
        int len = (int) INTS.get(src, pos);
        if (len < 0 || len > end - pos - 4) {
            throw new ParquetFormatException("levels of " + len + " bytes overrun the page");
        }
        RleHybrid.decode(src, pos + 4, pos + 4 + len, 32 - Integer.numberOfLeadingZeros(maxLevel), n, dst);
        return pos + 4 + len;
    }

    private void values(byte[] src, int pos, int end, int n, int encoding, ColumnKind kind, RowGroupColumns into, int c, int at) {
        if (kind == ColumnKind.DOUBLE) {
            decodeDoubles(src, pos, end, n, encoding, into.doubles[c], at);
            return;
        }
        long[] dst = into.longs[c];
        if (encoding == ENCODING_RLE_DICTIONARY || encoding == ENCODING_PLAIN_DICTIONARY) {
            int[] idx = dictionaryIndices(src, pos, end, n);
            for (int i = 0; i < n; i++) {
                dst[at + i] = dictLongs[idx[i]];
            }
            return;
        }
        if (encoding != ENCODING_PLAIN) {
            throw new ParquetFormatException("encoding " + encoding + " is not supported, expected PLAIN or dictionary");
        }
        plainLongs(src, pos, end, n, kind, dst, at);
    }

    private static void plainLongs(byte[] src, int pos, int end, int n, ColumnKind kind, long[] dst, int at) {
        int width = kind == ColumnKind.INT64 || kind == ColumnKind.TIMESTAMP_NS ? 8 : kind == ColumnKind.INT8 ? 4 : 0;
        long need = width == 0 ? (n + 7L) / 8 : (long) n * width;
        if (need > end - pos) {
            throw new ParquetFormatException(n + " values need " + need + " bytes, the page has " + (end - pos));
        }
        switch (kind) {
            case INT64, TIMESTAMP_NS -> ByteBuffer.wrap(src, pos, n * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(dst, at, n);
            case INT8 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (int) INTS.get(src, pos + 4 * i);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (src[pos + (i >>> 3)] >>> (i & 7)) & 1;
                }
            }
        }
    }

    private void decodeDoubles(byte[] src, int pos, int end, int n, int encoding, double[] dst, int at) {
        if (encoding == ENCODING_RLE_DICTIONARY || encoding == ENCODING_PLAIN_DICTIONARY) {
            int[] idx = dictionaryIndices(src, pos, end, n);
            for (int i = 0; i < n; i++) {
                dst[at + i] = dictDoubles[idx[i]];
            }
            return;
        }
        if (encoding != ENCODING_PLAIN) {
            throw new ParquetFormatException("encoding " + encoding + " is not supported, expected PLAIN or dictionary");
        }
        if ((long) n * 8 > end - pos) {
            throw new ParquetFormatException(n + " doubles need " + n * 8L + " bytes, the page has " + (end - pos));
        }
        ByteBuffer.wrap(src, pos, n * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(dst, at, n);
    }

    /** Dictionary indices of n values (bit width byte, then RLE/bit-packed), each checked against the dictionary. */
    private int[] dictionaryIndices(byte[] src, int pos, int end, int n) {
        if (dictSize < 0) {
            throw new ParquetFormatException("dictionary-encoded page without a dictionary page");
        }
        if (pos >= end && n > 0) {
            throw new ParquetFormatException("page ends before its dictionary indices");
        }
        int width = n == 0 ? 0 : src[pos] & 0xFF;
        if (width > 31) {
            throw new ParquetFormatException("dictionary index width " + width);
        }
        int[] idx = new int[n];
        if (width > 0) {
            RleHybrid.decode(src, pos + 1, end, width, n, idx);
        }
        for (int i = 0; i < n; i++) {
            if (idx[i] >= dictSize) {
                throw new ParquetFormatException("dictionary index " + idx[i] + " beyond the " + dictSize + " entries");
            }
        }
        return idx;
    }

    private void readDictionary(byte[] src, int pos, int end, int n, ColumnKind kind) {
        if (n > (long) (end - pos) * 8) {
            throw new ParquetFormatException("dictionary of " + n + " values in a page of " + (end - pos) + " bytes");
        }
        if (kind == ColumnKind.DOUBLE || kind == ColumnKind.DOUBLE_LIST) {
            dictDoubles = new double[n];
            decodeDoubles(src, pos, end, n, ENCODING_PLAIN, dictDoubles, 0);
        } else {
            dictLongs = new long[n];
            plainLongs(src, pos, end, n, kind, dictLongs, 0);
        }
        dictSize = n;
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            zstd.close();
        }
    }
}
