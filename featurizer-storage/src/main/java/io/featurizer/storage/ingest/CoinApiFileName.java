package io.featurizer.storage.ingest;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a CoinAPI/Cryptotick flat file path tells. The symbol comes from a CoinAPI symbol id in the file
 * name, {@code BINANCE_SPOT_BTC_USDT} (svoe's Cryptotick layout {@code limitbook_full/20230201/BINANCE_SPOT_BTC_USDT.csv.gz};
 * the S3 flat files' {@code ...+SC-BINANCEFTS_PERP_BTC_USDT+...csv.gz}), mapped to Featurizer's names:
 *
 * <table>
 *   <caption>CoinAPI symbol id to data source</caption>
 *   <tr><th>CoinAPI</th><th>exchange</th></tr>
 *   <tr><td>BINANCE / BINANCEFTS / BINANCEFTSC</td><td>BINANCE / BINANCE_FUTURES / BINANCE_DELIVERY</td></tr>
 *   <tr><td>OKEX</td><td>OKX</td></tr>
 *   <tr><td>BYBIT, BYBITSPOT</td><td>BYBIT</td></tr>
 *   <tr><td>others (COINBASE, KRAKEN, DERIBIT, BITSTAMP, ...)</td><td>as is</td></tr>
 * </table>
 *
 * Type {@code SPOT}/{@code PERP}/{@code FTS}/{@code OPT} is instrument type spot/perpetual/futures/option;
 * the symbol is {@code BASE-QUOTE} (as svoe built it), with {@code -YYMMDD} for a dated future. The day is
 * the {@code D-YYYYMMDD[HH]} partition of the S3 layout or a {@code YYYYMMDD} path segment or name part.
 */
record CoinApiFileName(String exchange, String instrumentType, String symbol, LocalDate day, int startHour) {
    private static final Pattern SYMBOL_ID = Pattern.compile(
            "(?<![A-Z0-9])([A-Z0-9]+)_(SPOT|PERP|FTS|OPT|IDX)_([A-Z0-9]+)_([A-Z0-9]+)(?:_(\\d{6})(?![0-9]))?");
    private static final Pattern PARTITION = Pattern.compile("D-(\\d{8})(\\d{2})?(?![0-9])");
    private static final Pattern DATE = Pattern.compile("(?<![0-9])(\\d{8})(?![0-9])");
    private static final Map<String, String> EXCHANGES = Map.of(
            "BINANCEFTS", "BINANCE_FUTURES",
            "BINANCEFTSC", "BINANCE_DELIVERY",
            "OKEX", "OKX",
            "BYBITSPOT", "BYBIT");
    private static final Map<String, String> TYPES = Map.of("SPOT", "spot", "PERP", "perpetual", "FTS", "futures", "OPT", "option",
            "IDX", "index");

    /** The parts of a path; fields it does not tell are null (startHour 0). */
    static CoinApiFileName parse(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        String exchange = null;
        String type = null;
        String symbol = null;
        Matcher m = SYMBOL_ID.matcher(name.toUpperCase(Locale.ROOT));
        if (m.find()) {
            exchange = EXCHANGES.getOrDefault(m.group(1), m.group(1));
            type = TYPES.get(m.group(2));
            symbol = m.group(3) + "-" + m.group(4) + (m.group(2).equals("FTS") && m.group(5) != null ? "-" + m.group(5) : "");
        }
        // the date nearest the file wins: parent folders may hold unrelated numbers
        LocalDate day = null;
        int hour = 0;
        Matcher p = PARTITION.matcher(path);
        while (p.find()) {
            LocalDate d = date(p.group(1)).orElse(null);
            if (d != null) {
                day = d;
                hour = p.group(2) == null ? 0 : Math.min(23, Integer.parseInt(p.group(2)));
            }
        }
        if (day == null) {
            Matcher m8 = DATE.matcher(path);
            while (m8.find()) {
                day = date(m8.group(1)).orElse(day);
            }
        }
        return new CoinApiFileName(exchange, type, symbol, day, hour);
    }

    private static Optional<LocalDate> date(String yyyymmdd) {
        try {
            return Optional.of(LocalDate.parse(yyyymmdd, DateTimeFormatter.BASIC_ISO_DATE));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
