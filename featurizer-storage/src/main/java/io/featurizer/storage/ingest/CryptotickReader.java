package io.featurizer.storage.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads Cryptotick (CoinAPI flat file) CSV, the vendor the original svoe project ingested: semicolon
 * separated, {@code .csv} or {@code .csv.gz}, one symbol per file.
 * <ul>
 *   <li>{@code limitbook_full} (L2 book): {@code time_exchange;time_coinapi;update_type;is_buy;entry_px;entry_sx;order_id}
 *       into {@code BookUpdate}s, see {@link CryptotickBookRows}. Times are usually a time of day only
 *       ({@code HH:MM:SS.fffffff}), dated from the path, see {@link DayClock}.</li>
 *   <li>{@code trades}: {@code time_exchange;time_coinapi;guid;price;base_amount;taker_side;...} into
 *       {@code Trade}s, see {@link CryptotickTradeRows}.</li>
 * </ul>
 * The layout is detected from the header ({@link IngestOptions#dataType()} {@code limitbook_full} or
 * {@code trades} overrides); {@code ts} is {@code time_exchange}, {@code receiptTs} {@code time_coinapi}.
 * The source comes from the CoinAPI symbol id in the file name ({@link CoinApiFileName}) unless overridden.
 *
 * <p>Layout sources: svoe's Cryptotick ingest ({@code featurizer/data_ingest/utils/cryptotick_utils.py}
 * and the {@code l2_book_incremental/cryptotick} definitions: columns, update types, time-of-day stamps
 * dated from the path) and notes on the CoinAPI flat files ({@code is_buy} 1 = bid, the trades columns).
 */
public final class CryptotickReader extends CsvVendorReader {
    /** The {@code limitbook_full} columns; {@code order_id} may be absent. */
    public static final List<String> BOOK_COLUMNS = List.of("time_exchange", "time_coinapi", "update_type", "is_buy", "entry_px", "entry_sx");
    /** The {@code trades} columns needed; {@code guid}, {@code id_exch_guid}, {@code id_exch_int_inc} are used when present. */
    public static final List<String> TRADE_COLUMNS = List.of("time_exchange", "time_coinapi", "price", "base_amount", "taker_side");

    private final boolean book;
    private final VendorSource source;
    private final CoinApiFileName name;

    private CryptotickReader(Path path, IngestOptions options) throws IOException {
        super(path, options, ';');
        try {
            List<String> h = Arrays.asList(header);
            this.book = layout(h);
            columns(book ? BOOK_COLUMNS : TRADE_COLUMNS, book ? "Cryptotick limitbook_full" : "Cryptotick trades");
            this.name = CoinApiFileName.parse(path.toString());
            String exchange = options.exchange() != null ? options.exchange() : name.exchange();
            String type = options.instrumentType() != null ? options.instrumentType() : name.instrumentType();
            String symbol = options.symbol() != null ? options.symbol() : name.symbol();
            if (exchange == null || type == null || symbol == null) {
                throw new IngestException(path, 0, "no exchange, instrument type and symbol in the file name",
                        "expected a CoinAPI symbol id in the name (e.g. BINANCE_SPOT_BTC_USDT.csv.gz) or them given explicitly");
            }
            this.source = new VendorSource(book ? VendorSource.L2_BOOK : VendorSource.TRADES, exchange, type, symbol);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens a Cryptotick CSV file and reads its header.
     *
     * @throws IngestException when the file is missing, its header is neither layout (the message lists the
     *                         columns), or its name doesn't tell the source and no override does
     */
    public static CryptotickReader open(Path path, IngestOptions options) throws IOException {
        return new CryptotickReader(path, options);
    }

    private boolean layout(List<String> h) throws IngestException {
        if (options.dataType() != null) {
            return switch (options.dataType().toLowerCase(Locale.ROOT)) {
                case "limitbook_full", "l2_book" -> true;
                case "trades" -> false;
                default -> throw new IngestException(path, 0, "Cryptotick data type '" + options.dataType() + "' is not supported",
                        "expected limitbook_full or trades");
            };
        }
        if (h.contains("update_type") || h.contains("entry_px")) {
            return true;
        }
        if (h.contains("taker_side") || h.contains("base_amount")) {
            return false;
        }
        throw new IngestException(path, 1, "header '" + String.join(";", header) + "' is not a Cryptotick CSV header",
                "expected the limitbook_full columns " + String.join(";", BOOK_COLUMNS) + " or the trades columns " + String.join(";", TRADE_COLUMNS));
    }

    /** True for a {@code limitbook_full} file, false for {@code trades}. */
    public boolean isBook() {
        return book;
    }

    /** The UTC day the path names (or the override), if any. */
    public Optional<LocalDate> day() {
        return Optional.ofNullable(options.day() != null ? options.day() : name.day());
    }

    @Override
    public Optional<VendorSource> source() {
        return Optional.of(source);
    }

    @Override
    RowHandler handler(IngestSink sink, Counters counters) throws IOException {
        LocalDate day = day().orElse(null);
        int hour = options.day() != null ? 0 : name.startHour();
        DayClock exchangeClock = new DayClock(path, day, hour);
        DayClock coinapiClock = new DayClock(path, day, hour);
        List<String> h = Arrays.asList(header);
        if (book) {
            int[] c = Arrays.copyOf(columns(BOOK_COLUMNS, "Cryptotick limitbook_full"), BOOK_COLUMNS.size() + 1);
            c[BOOK_COLUMNS.size()] = h.indexOf("order_id");
            return new CryptotickBookRows(sink, counters, source, c, exchangeClock, coinapiClock);
        }
        int[] ids = {h.indexOf("id_exch_int_inc"), h.indexOf("id_exch_guid"), h.indexOf("guid")};
        return new CryptotickTradeRows(sink, counters, source, columns(TRADE_COLUMNS, "Cryptotick trades"), ids, exchangeClock,
                coinapiClock);
    }
}
