package io.featurizer.storage.ingest;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Tardis file name tells: exchange, data type, day and symbol. Reads the names the Tardis
 * downloads use, {@code binance-futures_incremental_book_L2_2020-09-01_BTCUSDT.csv.gz}, and the same
 * with a {@code tardis_} prefix and no day, {@code tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv}.
 *
 * @param day    null when the name has none
 * @param symbol null when the name has none
 */
public record TardisFileName(String exchange, String dataType, LocalDate day, String symbol) {
    private static final Pattern NAME = Pattern.compile(
            "(?:tardis_)?([a-z0-9-]+)_(incremental_book_L2|book_snapshot_\\d+|trades|quotes|derivative_ticker|liquidations"
                    + "|book_ticker|options_chain)(?:_(\\d{4}-\\d{2}-\\d{2}))?(?:_(.+?))?\\.csv(?:\\.gz)?",
            Pattern.CASE_INSENSITIVE);

    /** The parts of a file name, or empty if it is not named like a Tardis download. */
    public static Optional<TardisFileName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        LocalDate day = null;
        if (m.group(3) != null) {
            try {
                day = LocalDate.parse(m.group(3));
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new TardisFileName(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2), day, m.group(4)));
    }
}
