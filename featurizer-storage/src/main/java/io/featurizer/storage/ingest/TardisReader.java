package io.featurizer.storage.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Tardis downloadable CSV file ({@code .csv} or {@code .csv.gz}) of type {@code incremental_book_L2},
 * {@code book_snapshot_N}, {@code trades}, {@code quotes}, {@code derivative_ticker} or {@code liquidations} into
 * {@code BookUpdate}, {@code Trade}, {@code Quote}, {@code DerivativeTicker} and {@code Liquidation} events. Timestamps are microseconds in the file and nanoseconds in events: {@code ts} is
 * the exchange {@code timestamp}, {@code receiptTs} the {@code local_timestamp}.
 *
 * <p>The data type comes from the header (checked against the file name's, when it names one) unless
 * {@link IngestOptions#dataType()} overrides it. Each row's source comes from its {@code exchange} and
 * {@code symbol} cells through {@link TardisVenues}, so a file holding several symbols yields several
 * sources; {@link IngestOptions} overrides apply to every row. Per type:
 * <ul>
 *   <li>{@code incremental_book_L2}: consecutive rows with the same symbol and {@code local_timestamp}
 *       form one delta message; a run of {@code is_snapshot=true} rows forms one snapshot message (Tardis
 *       resets the book only when {@code is_snapshot} flips to true, so a snapshot may span many rows and
 *       timestamps). {@code amount} is the level's new absolute size, 0 deletes it. The event's {@code ts}
 *       is its first row's. Sequence ids are -1 (Tardis has none).</li>
 *   <li>{@code book_snapshot_N}: each row is one snapshot of up to N levels a side; empty level cells
 *       (a thin book) are skipped.</li>
 *   <li>{@code trades}: {@code side} is the taker side ({@code buy}, {@code sell}, or {@code unknown} as 0);
 *       {@code id} through {@link TradeIds} (numeric ids kept, others hashed).</li>
 *   <li>{@code quotes}: an empty price or amount (no level on that side) becomes NaN.</li>
 *   <li>{@code derivative_ticker}: an empty cell (the venue does not give that field) becomes NaN; an empty
 *       {@code funding_timestamp} 0. Tardis fills every row with the latest known values, so rows are stored as they are.</li>
 *   <li>{@code liquidations}: {@code side} is the liquidation order's ({@code buy}: a short was liquidated,
 *       {@code sell}: a long); {@code id} as for trades, 0 when empty. The columns are those of {@code trades}, so the
 *       type comes from the file name or {@link IngestOptions#dataType()}.</li>
 * </ul>
 */
public final class TardisReader extends CsvVendorReader {
    private final TardisDataType type;
    private final int depth;
    private final Optional<TardisFileName> fileName;
    private final String tardisExchange;
    private final VendorSource firstSource;

    private TardisReader(Path path, IngestOptions options) throws IOException {
        super(path, options, ',');
        try {
            this.fileName = TardisFileName.parse(path);
            List<String> h = List.of(header);
            this.type = dataType(h);
            this.depth = type == TardisDataType.BOOK_SNAPSHOT ? TardisDataType.snapshotDepth(h) : 0;
            columns(type.columns(depth), typeName());
            String exchange = fileName.map(TardisFileName::exchange).orElse(null);
            String symbol = fileName.map(TardisFileName::symbol).orElse(null);
            if (peekFirstRow() && rows.fieldCount() == header.length) {
                exchange = rows.text(h.indexOf("exchange"));
                symbol = rows.text(h.indexOf("symbol"));
            }
            if (exchange == null || exchange.isEmpty()) {
                throw new IngestException(path, 0, "no exchange in the file name or a data row",
                        "expected " + TardisFileName.EXPECTED + ", or data rows, or the exchange and symbol given explicitly");
            }
            this.tardisExchange = exchange;
            String firstSymbol = symbol != null && !symbol.isEmpty() ? symbol : options.symbol();
            VendorSource first = firstSymbol == null ? null : TardisSources.resolve(path, exchange, firstSymbol, type.channel(), options);
            this.firstSource = first != null && depth > 0 ? first.withDepth(depth) : first;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens a Tardis CSV file and reads its header (and first row, for {@link #source()}).
     *
     * @throws IngestException when the file is missing, not a supported Tardis data type, or its header lacks a
     *                         column the type needs (the message lists them)
     */
    public static TardisReader open(Path path, IngestOptions options) throws IOException {
        return new TardisReader(path, options);
    }

    private TardisDataType dataType(List<String> h) throws IngestException {
        if (options.dataType() != null) {
            return supported(options.dataType());
        }
        TardisDataType fromHeader = TardisDataType.ofHeader(h);
        if (fileName.isPresent()) {
            String named = fileName.get().dataType();
            TardisDataType fromName = supported(named);
            boolean sameColumns = fromHeader == TardisDataType.TRADES && fromName == TardisDataType.LIQUIDATIONS;
            if (fromHeader != null && fromHeader != fromName && !sameColumns) {
                throw wrongHeader("Tardis " + named, fromName.columns(snapshotDepth(named)));
            }
            if (fromName == TardisDataType.BOOK_SNAPSHOT && TardisDataType.snapshotDepth(h) != snapshotDepth(named)) {
                throw wrongHeader("Tardis " + named, fromName.columns(snapshotDepth(named)));
            }
            return fromName;
        }
        if (fromHeader == null) {
            throw new IngestException(path, 1, "header '" + String.join(",", header) + "' is not a Tardis CSV header",
                    "expected the columns of incremental_book_L2 (" + String.join(",", TardisDataType.INCREMENTAL_BOOK_L2.columns(0))
                            + "), book_snapshot_N, trades (" + String.join(",", TardisDataType.TRADES.columns(0)) + ") or quotes ("
                            + String.join(",", TardisDataType.QUOTES.columns(0)) + ") or derivative_ticker ("
                            + String.join(",", TardisDataType.DERIVATIVE_TICKER.columns(0)) + "); liquidations have the columns of trades:"
                            + " name the file like a Tardis download or give the data type");
        }
        return fromHeader;
    }

    private TardisDataType supported(String name) throws IngestException {
        try {
            return TardisDataType.of(name);
        } catch (IllegalArgumentException e) {
            throw new IngestException(path, 0, "Tardis data type '" + name + "' is not supported",
                    "expected " + TardisDataType.SUPPORTED);
        }
    }

    private static int snapshotDepth(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).startsWith("book_snapshot_") ? Integer.parseInt(name.substring("book_snapshot_".length())) : 0;
    }

    private String typeName() {
        return "Tardis " + (type == TardisDataType.BOOK_SNAPSHOT ? "book_snapshot_" + depth : type.tardisName());
    }

    public TardisDataType dataType() {
        return type;
    }

    /** Levels a side of a {@code book_snapshot_N} file (N), else 0. */
    public int depth() {
        return depth;
    }

    /** What the file name tells, if it is named like a Tardis download. */
    public Optional<TardisFileName> fileName() {
        return fileName;
    }

    @Override
    public Optional<VendorSource> source() {
        return Optional.ofNullable(firstSource);
    }

    @Override
    RowHandler handler(IngestSink sink, Counters counters) throws IOException {
        TardisSources sources = new TardisSources(path, tardisExchange, type.channel(), depth, options);
        int[] c = columns(type.columns(depth), typeName());
        return switch (type) {
            case INCREMENTAL_BOOK_L2 -> new TardisIncrementalBookRows(sink, counters, sources, c);
            case BOOK_SNAPSHOT -> new TardisBookSnapshotRows(sink, counters, sources, c, depth);
            case TRADES -> new TardisTradeRows(sink, counters, sources, c);
            case QUOTES -> new TardisQuoteRows(sink, counters, sources, c);
            case DERIVATIVE_TICKER -> new TardisDerivativeTickerRows(sink, counters, sources, c);
            case LIQUIDATIONS -> new TardisLiquidationRows(sink, counters, sources, c);
        };
    }
}
