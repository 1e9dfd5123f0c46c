package io.featurizer.storage.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tardis exchange ids and symbols in Featurizer's terms (the {@code exchange} names of
 * featurizer-exchanges, e.g. {@code BINANCE_FUTURES}, and its {@code instrument_type}s):
 *
 * <table>
 *   <caption>Tardis exchange to data source</caption>
 *   <tr><th>Tardis</th><th>exchange</th><th>instrument_type</th><th>symbol</th></tr>
 *   <tr><td>binance</td><td>BINANCE</td><td>spot</td><td>BTCUSDT → BTC-USDT</td></tr>
 *   <tr><td>binance-futures</td><td>BINANCE_FUTURES</td><td>perpetual; futures for dated {@code BTCUSDT_200925}</td><td>BTCUSDT → BTC-USDT</td></tr>
 *   <tr><td>binance-delivery</td><td>BINANCE_DELIVERY</td><td>perpetual for {@code *_PERP}, else futures</td><td>as is</td></tr>
 *   <tr><td>bybit</td><td>BYBIT</td><td>perpetual; futures for dated symbols</td><td>BTCUSDT → BTC-USDT</td></tr>
 *   <tr><td>bybit-spot</td><td>BYBIT</td><td>spot</td><td>BTCUSDT → BTC-USDT</td></tr>
 *   <tr><td>okex / okex-swap / okex-futures</td><td>OKX</td><td>spot / perpetual / futures</td><td>as is (BTC-USDT-SWAP)</td></tr>
 *   <tr><td>coinbase</td><td>COINBASE</td><td>spot</td><td>as is (BTC-USD)</td></tr>
 *   <tr><td>kraken</td><td>KRAKEN</td><td>spot</td><td>XBT/USD → XBT-USD</td></tr>
 *   <tr><td>deribit</td><td>DERIBIT</td><td>perpetual for {@code *-PERPETUAL}, option for {@code BTC-25SEP20-10000-C}, else futures</td><td>as is</td></tr>
 *   <tr><td>bitmex</td><td>BITMEX</td><td>perpetual; futures for dated {@code XBTZ20}</td><td>as is</td></tr>
 * </table>
 *
 * Concatenated symbols are split before a known quote currency (USDT, USDC, BUSD, FDUSD, TUSD, USD,
 * BTC, ETH, BNB, EUR), matching how configs name them ({@code BTC-USDT}); a symbol that doesn't end in
 * one is kept. {@code /} always becomes {@code -}. Other exchanges need explicit exchange and
 * instrument type overrides ({@link IngestOptions}); overrides win over this table.
 */
final class TardisVenues {
    private static final Pattern SPLIT = Pattern.compile("([A-Z0-9]+?)(USDT|USDC|BUSD|FDUSD|TUSD|USD|BTC|ETH|BNB|EUR)");
    private static final Pattern BINANCE_DATED = Pattern.compile(".*_\\d{6}");
    private static final Pattern BYBIT_DATED = Pattern.compile(".*(-\\d{1,2}[A-Z]{3}\\d{2}|[FGHJKMNQUVXZ]\\d{2})");
    private static final Pattern BITMEX_DATED = Pattern.compile("[A-Z]+[FGHJKMNQUVXZ]\\d{2}");

    private record Venue(String exchange, boolean splitQuote) {
    }

    private static final Map<String, Venue> VENUES = Map.ofEntries(
            Map.entry("binance", new Venue("BINANCE", true)),
            Map.entry("binance-futures", new Venue("BINANCE_FUTURES", true)),
            Map.entry("binance-delivery", new Venue("BINANCE_DELIVERY", false)),
            Map.entry("bybit", new Venue("BYBIT", true)),
            Map.entry("bybit-spot", new Venue("BYBIT", true)),
            Map.entry("okex", new Venue("OKX", false)),
            Map.entry("okex-swap", new Venue("OKX", false)),
            Map.entry("okex-futures", new Venue("OKX", false)),
            Map.entry("coinbase", new Venue("COINBASE", false)),
            Map.entry("kraken", new Venue("KRAKEN", false)),
            Map.entry("deribit", new Venue("DERIBIT", false)),
            Map.entry("bitmex", new Venue("BITMEX", false)));

    private TardisVenues() {
    }

    static boolean isKnown(String tardisExchange) {
        return VENUES.containsKey(tardisExchange.toLowerCase(Locale.ROOT));
    }

    static List<String> known() {
        return VENUES.keySet().stream().sorted().toList();
    }

    /**
     * The data source of a Tardis exchange and symbol for a channel, with the overrides applied.
     *
     * @throws IllegalArgumentException for an exchange not in the table when the overrides don't name
     *                                  both exchange and instrument type
     */
    static VendorSource resolve(String tardisExchange, String tardisSymbol, String channel, IngestOptions options) {
        String id = tardisExchange.toLowerCase(Locale.ROOT);
        String symbol = tardisSymbol.toUpperCase(Locale.ROOT).replace('/', '-');
        Venue venue = VENUES.get(id);
        if (venue == null) {
            if (!options.overridesVenue()) {
                throw new IllegalArgumentException("unknown Tardis exchange '" + tardisExchange + "'; known: " + known()
                        + "; for another exchange give its exchange and instrument type explicitly");
            }
            return options.apply(new VendorSource(channel, options.exchange(), options.instrumentType(), symbol));
        }
        String type = instrumentType(id, symbol);
        if (venue.splitQuote) {
            Matcher m = SPLIT.matcher(symbol);
            if (m.matches()) {
                symbol = m.group(1) + "-" + m.group(2);
            }
        }
        return options.apply(new VendorSource(channel, venue.exchange, type, symbol));
    }

    private static String instrumentType(String id, String symbol) {
        return switch (id) {
            case "binance", "bybit-spot", "okex", "coinbase", "kraken" -> "spot";
            case "binance-futures" -> BINANCE_DATED.matcher(symbol).matches() ? "futures" : "perpetual";
            case "binance-delivery" -> symbol.endsWith("_PERP") ? "perpetual" : "futures";
            case "bybit" -> BYBIT_DATED.matcher(symbol).matches() ? "futures" : "perpetual";
            case "okex-swap" -> "perpetual";
            case "okex-futures" -> "futures";
            case "deribit" -> symbol.endsWith("-PERPETUAL") ? "perpetual" : symbol.split("-").length >= 4 ? "option" : "futures";
            case "bitmex" -> BITMEX_DATED.matcher(symbol).matches() ? "futures" : "perpetual";
            default -> throw new IllegalStateException(id);
        };
    }
}
