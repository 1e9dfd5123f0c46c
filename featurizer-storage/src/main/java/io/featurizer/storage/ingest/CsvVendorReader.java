package io.featurizer.storage.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The read loop shared by the vendor CSV readers: opens the file, reads the header, then hands each data
 * row to the data type's {@link RowHandler}. Strict mode turns the first malformed row into an
 * {@link IngestException} with file and line; lenient mode counts it and lets the handler skip it.
 */
abstract class CsvVendorReader implements VendorReader {
    protected final Path path;
    protected final IngestOptions options;
    protected final VendorFile file;
    protected final CsvLineScanner rows;
    protected final String[] header;
    private boolean firstRowPending;
    private boolean firstRowPeeked;
    private boolean consumed;

    CsvVendorReader(Path path, IngestOptions options, char separator) throws IOException {
        this.path = path;
        this.options = options;
        this.file = VendorFile.open(path);
        try {
            this.rows = new CsvLineScanner(file.content(), separator);
            String[] h = nextRow() ? rows.texts() : new String[0];
            if (h.length > 0 && h[0].startsWith("\uFEFF")) {
                h[0] = h[0].substring(1); // a UTF-8 byte order mark
            }
            this.header = h;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The handler for this file's data type, writing to {@code sink}. */
    abstract RowHandler handler(IngestSink sink, Counters counters) throws IOException;

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final long totalBytes() {
        return file.totalBytes();
    }

    @Override
    public final long bytesRead() {
        return file.bytesRead();
    }

    /**
     * Reads the first data row ahead, for detecting the file's exchange and symbol; {@link #read} starts
     * with it. Returns false when the file has no data rows.
     */
    protected final boolean peekFirstRow() throws IOException {
        if (!firstRowPeeked) {
            firstRowPeeked = true;
            firstRowPending = nextRow();
        }
        return firstRowPending;
    }

    @Override
    public final IngestStats read(IngestSink sink) throws IOException {
        if (consumed) {
            throw new IllegalStateException(path + " was already read");
        }
        consumed = true;
        Counters counters = new Counters();
        RowHandler handler = handler(sink, counters);
        int width = header.length;
        boolean has = firstRowPeeked ? firstRowPending : nextRow();
        firstRowPending = false;
        while (has) {
            counters.rowsRead++;
            try {
                if (rows.fieldCount() != width) {
                    throw new BadRowException("row has " + rows.fieldCount() + " fields",
                            "expected " + width + " like the header (" + String.join(",", header) + ")");
                }
                handler.row(rows);
            } catch (BadRowException e) {
                if (!options.lenient()) {
                    throw new IngestException(path, rows.line(), e.problem(), e.expected());
                }
                counters.badRows++;
                handler.rejected();
            }
            has = nextRow();
        }
        handler.end();
        return counters.stats();
    }

    /** Next line; a stream failure (e.g. truncated gzip) is reported with the file and the last good line. */
    private boolean nextRow() throws IOException {
        try {
            return rows.next();
        } catch (IngestException e) {
            throw e;
        } catch (IOException e) {
            throw new IngestException(path, rows.line() + 1, "unreadable data (" + e + ")",
                    "expected a complete CSV or gzip-compressed CSV file");
        }
    }

    /** Index of each named column in the header; an error listing the expected columns if any is missing. */
    protected final int[] columns(List<String> required, String format) throws IngestException {
        int[] idx = new int[required.size()];
        List<String> have = Arrays.asList(header);
        for (int i = 0; i < idx.length; i++) {
            idx[i] = have.indexOf(required.get(i));
            if (idx[i] < 0) {
                throw wrongHeader(format, required);
            }
        }
        return idx;
    }

    protected final IngestException wrongHeader(String format, List<String> expected) {
        return new IngestException(path, 1, header.length == 0 ? "no header row" : "wrong header '" + String.join(",", header) + "'",
                "expected the " + format + " columns " + String.join(",", expected));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
