package io.featurizer.storage.ingest;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Tardis file's name tells: exchange, data type, day and symbol. Reads the layouts the Tardis
 * downloads use: the flat default of {@code tardis-dev}'s {@code datasets.download},
 * {@code binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv.gz}; its nested layout (a custom
 * {@code get_filename} the Tardis docs show), {@code binance-futures/incremental_book_L2/2020-09-01_BTCUSDT.csv.gz};
 * and the flat name with a {@code tardis_} prefix and no day, {@code tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv}.
 *
 * @param day    null when the name has none
 * @param symbol null when the name has none
 */
public record TardisFileName(String exchange, String dataType, LocalDate day, String symbol) {
    private static final String DATA_TYPE = "incremental_book_L2|book_snapshot_\\d+|trades|quotes|derivative_ticker|liquidations|book_ticker|options_chain";
    private static final Pattern NAME = Pattern.compile(
            "(?:tardis_)?([a-z0-9-]+)_(" + DATA_TYPE + ")(?:_(\\d{4}-\\d{2}-\\d{2}))?(?:_(.+?))?\\.csv(?:\\.gz)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NESTED_NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_(.+?)\\.csv(?:\\.gz)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NESTED_TYPE = Pattern.compile(DATA_TYPE, Pattern.CASE_INSENSITIVE);
    private static final Pattern EXCHANGE = Pattern.compile("[a-z0-9-]+", Pattern.CASE_INSENSITIVE);

    /** What the layouts look like, for messages. */
    public static final String EXPECTED = "a Tardis download named like binance_trades_2021-01-08_BTCUSDT.csv.gz "
            + "(exchange_dataType_YYYY-MM-DD_SYMBOL.csv[.gz]) or binance/trades/2021-01-08_BTCUSDT.csv.gz";

    /** The parts of a file's name, from the flat layout or, failing that, the nested one (folders {@code exchange/data_type/}). */
    public static Optional<TardisFileName> parse(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        Optional<TardisFileName> flat = parse(name.toString());
        if (flat.isPresent()) {
            return flat;
        }
        Path type = file.getParent() == null ? null : file.getParent().getFileName();
        Path exchange = type == null || file.getParent().getParent() == null ? null : file.getParent().getParent().getFileName();
        Matcher m = NESTED_NAME.matcher(name.toString());
        if (exchange == null || !m.matches() || !NESTED_TYPE.matcher(type.toString()).matches() || !EXCHANGE.matcher(exchange.toString()).matches()) {
            return Optional.empty();
        }
        LocalDate day = day(m.group(1));
        return day == null ? Optional.empty()
                : Optional.of(new TardisFileName(exchange.toString().toLowerCase(Locale.ROOT), type.toString(), day, m.group(2)));
    }

    /** The parts of a flat file name, or empty if it is not named like a Tardis download. */
    public static Optional<TardisFileName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        LocalDate day = null;
        if (m.group(3) != null) {
            day = day(m.group(3));
            if (day == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new TardisFileName(m.group(1).toLowerCase(Locale.ROOT), m.group(2), day, m.group(4)));
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
