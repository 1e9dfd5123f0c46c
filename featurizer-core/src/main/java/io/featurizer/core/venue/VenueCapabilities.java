package io.featurizer.core.venue;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.ParamException;
import io.featurizer.core.feature.Params;
import io.featurizer.core.text.NearestName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What each venue can serve, in one table: the known {@code exchange} names (the venues of
 * featurizer-exchanges and those vendor ingest maps to), the book depths and book channels a venue
 * streams live, and their defaults. Config loading checks data sources against it; the live
 * protocols read the effective values from it ({@link #bookDepth}, {@link #channel}).
 *
 * <p>The {@code depth} of an {@code l2_book} source is how many levels per side the book carries.
 * It is accepted when the venue streams that depth live (Bybit: 1, 50, 200, 1000 on spot; 1, 50,
 * 200, 500, 1000 on perpetuals and futures; 25, 100 on options), or when it is a depth vendors
 * store book snapshots at ({@link #STORED_SNAPSHOT_DEPTHS}: Tardis {@code book_snapshot_5} and
 * {@code book_snapshot_25}, which {@code featurizer ingest} stores as {@code l2_book} with
 * {@code depth: 5} or {@code 25}). Venues that stream their full book live (Binance, OKX, Coinbase)
 * have no live depth: left out, the source is the full book.
 */
public final class VenueCapabilities {
    /** The {@code instrument_type} names. */
    public static final List<String> INSTRUMENT_TYPES = List.of("spot", "perpetual", "futures", "option");
    /** Other names for instrument types (venue and protocol terms), suggested when a config uses one. */
    public static final Map<String, String> INSTRUMENT_TYPE_ALIASES = Map.of("perp", "perpetual", "swap", "perpetual",
            "linear", "perpetual", "inverse", "perpetual", "future", "futures", "delivery", "futures", "options", "option", "usdm", "perpetual");
    /** Depths of the top-N book snapshots vendors store (Tardis {@code book_snapshot_5}, {@code book_snapshot_25}). */
    public static final List<Integer> STORED_SNAPSHOT_DEPTHS = List.of(5, 25);
    public static final String DEPTH = "depth";
    public static final String CHANNEL = "channel";
    /** What a config's {@code symbol} may be. */
    public static final String SYMBOL_EXPECTED = "a symbol such as BTC-USDT (letters, digits and . _ - only; not empty, no '/' or '..')";

    /** One venue: live or stored-only, its live book depths by instrument type (first = default), its book channels (first = default). */
    private record Venue(String exchange, boolean live, Map<String, List<Integer>> depths, List<String> channels, String note) {
    }

    private static final List<Integer> BYBIT_SPOT = List.of(50, 1, 200, 1000);
    private static final List<Integer> BYBIT_DERIVATIVES = List.of(50, 1, 200, 500, 1000);
    private static final List<Integer> BYBIT_OPTIONS = List.of(25, 100);
    private static final List<String> BINANCE_CHANNELS = List.of("depth@100ms", "depth");

    private static final Map<String, Venue> VENUES = new LinkedHashMap<>();

    static {
        add(new Venue("BINANCE", true, Map.of(), BINANCE_CHANNELS,
                "diff-depth stream: `depth@100ms` (100 ms updates) or `depth` (1000 ms); full book from REST"));
        add(new Venue("BINANCE_FUTURES", true, Map.of(), BINANCE_CHANNELS,
                "USD-M futures diff-depth stream: `depth@100ms` or `depth` (250 ms)"));
        add(new Venue("BYBIT", true, Map.of("spot", BYBIT_SPOT, "perpetual", BYBIT_DERIVATIVES, "futures", BYBIT_DERIVATIVES,
                "option", BYBIT_OPTIONS), List.of(), "`orderbook.{depth}` stream: the depth chooses the book"));
        add(new Venue("OKX", true, Map.of(), List.of("books", "books5", "bbo-tbt", "books-l2-tbt"),
                "`books` 400 levels, 100 ms; `books5` top 5, 100 ms; `bbo-tbt` best bid/ask, tick by tick; `books-l2-tbt` 400 levels, tick by tick"));
        add(new Venue("COINBASE", true, Map.of(), List.of("level2"), "Advanced Trade `level2` channel (full book)"));
        for (String stored : List.of("BINANCE_DELIVERY", "KRAKEN", "DERIBIT", "BITMEX")) {
            add(new Venue(stored, false, Map.of(), List.of(), "stored data only (vendor ingest)"));
        }
    }

    /**
     * The venues with derivatives data ({@code derivative_ticker}, {@code liquidations}): true where
     * featurizer-exchanges streams it live, false where it comes from vendor ingest only. Spot-only
     * venues (BINANCE spot, COINBASE, KRAKEN) are not here: a derivatives source on them is a load error.
     */
    private static final Map<String, Boolean> DERIVATIVES = new LinkedHashMap<>();
    private static final Map<String, String> DERIVATIVES_NOTES = new LinkedHashMap<>();

    static {
        derivatives("BINANCE_FUTURES", true, "`<symbol>@markPrice@1s` (mark, index, funding rate, next funding time) with open interest "
                + "polled from REST `/fapi/v1/openInterest` every 10 s; `<symbol>@forceOrder` (liquidations)");
        derivatives("BYBIT", true, "linear `tickers.<symbol>` snapshot and deltas merged (funding rate, next funding time, open interest, "
                + "mark, index, last price), `allLiquidation.<symbol>` (liquidations)");
        derivatives("OKX", true, "`funding-rate`, `open-interest`, `mark-price` and the index's `index-tickers` merged; "
                + "`liquidation-orders` of the instrument type (liquidations)");
        derivatives("BINANCE_DELIVERY", false, "stored data only (vendor ingest)");
        derivatives("DERIBIT", false, "stored data only (vendor ingest)");
        derivatives("BITMEX", false, "stored data only (vendor ingest)");
    }

    private static void derivatives(String exchange, boolean live, String note) {
        DERIVATIVES.put(exchange, live);
        DERIVATIVES_NOTES.put(exchange, note);
    }

    /** True when the venue has derivatives data ({@code derivative_ticker}, {@code liquidations}), live or stored. */
    public static boolean servesDerivatives(String exchange) {
        return exchange != null && DERIVATIVES.containsKey(exchange.toUpperCase(Locale.ROOT));
    }

    /** True when featurizer-exchanges streams the venue's derivatives data live. */
    public static boolean streamsDerivativesLive(String exchange) {
        return exchange != null && Boolean.TRUE.equals(DERIVATIVES.get(exchange.toUpperCase(Locale.ROOT)));
    }

    /** Throws a {@link ParamException} on {@code exchange} unless the venue has derivatives data; {@code source} names the data source. */
    public static void checkDerivatives(String source, Params params) {
        String exchange = params.getString(DataSourceDefinition.EXCHANGE, null);
        if (exchange != null && isKnown(exchange) && !servesDerivatives(exchange)) {
            // BINANCE is spot: its derivatives venue is BINANCE_FUTURES, nearer by meaning than by spelling
            String nearest = DERIVATIVES.keySet().stream().filter(v -> v.startsWith(exchange.toUpperCase(Locale.ROOT) + "_")).findFirst()
                    .map(v -> "; did you mean '" + v + "'?").orElse(NearestName.suggestion(exchange, DERIVATIVES.keySet()));
            throw bad(DataSourceDefinition.EXCHANGE, exchange + " has no " + source + " data" + nearest
                    + " (venues with derivatives data: " + String.join(", ", DERIVATIVES.keySet()) + ")");
        }
    }

    /** The derivatives venue table as Markdown, for docs/definitions.md. */
    public static String derivativesTable() {
        StringBuilder sb = new StringBuilder("| exchange | `derivative_ticker`, `liquidations` live | notes |\n|---|---|---|\n");
        for (Map.Entry<String, Boolean> e : DERIVATIVES.entrySet()) {
            sb.append("| `").append(e.getKey()).append("` | ").append(e.getValue() ? "yes" : "no").append(" | ")
                    .append(DERIVATIVES_NOTES.get(e.getKey())).append(" |\n");
        }
        return sb.toString();
    }

    private static void add(Venue v) {
        VENUES.put(v.exchange, v);
    }

    private VenueCapabilities() {
    }

    /** Every known {@code exchange} name, in table order. */
    public static List<String> exchanges() {
        return List.copyOf(VENUES.keySet());
    }

    public static boolean isKnown(String exchange) {
        return exchange != null && VENUES.containsKey(exchange);
    }

    /** True when featurizer-exchanges has a live connector for the venue; false for venues known from stored data only. */
    public static boolean isLive(String exchange) {
        Venue v = venue(exchange);
        return v != null && v.live;
    }

    /** The book depths the venue streams live for an instrument type, the default first; empty when it streams its full book. */
    public static List<Integer> liveBookDepths(String exchange, String instrumentType) {
        Venue v = venue(exchange);
        return v == null ? List.of() : v.depths.getOrDefault(lower(instrumentType), List.of());
    }

    /** The venue's book channels, the default first; empty when it has no choice of channel. */
    public static List<String> bookChannels(String exchange) {
        Venue v = venue(exchange);
        return v == null ? List.of() : v.channels;
    }

    /**
     * The effective book depth of an {@code l2_book} source: its {@code depth} param, else the venue's
     * default live depth (Bybit 50; options 25), else 0 for the full book (venues without a live depth).
     *
     * @param params the data source's params (a Feature's {@code params()})
     */
    public static int bookDepth(String exchange, String instrumentType, Params params) {
        Object d = params.get(DEPTH);
        if (d != null) {
            return (int) params.getLong(DEPTH, 0);
        }
        List<Integer> live = liveBookDepths(exchange, instrumentType);
        return live.isEmpty() ? 0 : live.get(0);
    }

    /**
     * The effective book channel of an {@code l2_book} source: its {@code channel} param, else the
     * venue's default ({@code depth@100ms} on Binance, {@code books} on OKX, {@code level2} on
     * Coinbase), else null (the venue has no choice of channel, e.g. Bybit).
     */
    public static String channel(String exchange, String instrumentType, Params params) {
        Object c = params.get(CHANNEL);
        if (c != null) {
            return c.toString();
        }
        List<String> channels = bookChannels(exchange);
        return channels.isEmpty() ? null : channels.get(0);
    }

    /**
     * A symbol a config may name: letters, digits, {@code .}, {@code _} and {@code -}, not blank, no
     * {@code ..}. Code may build sources with other symbols (storage keeps them safe: paths hold keys,
     * never symbols); a config is where a user types one.
     */
    public static boolean isSafeSymbol(String s) {
        return s != null && !s.isBlank() && !s.contains("..")
                && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
    }

    /**
     * Checks a venue data source's params as a config gives them: a safe symbol, a known exchange,
     * and a {@code depth} and {@code channel} the venue can serve. Throws a {@link ParamException}
     * naming the param, the allowed values and the nearest known name.
     */
    public static void check(Params params) {
        Object symbol = params.get(DataSourceDefinition.SYMBOL);
        if (symbol != null && !isSafeSymbol(symbol.toString())) {
            throw bad(DataSourceDefinition.SYMBOL, "'" + symbol + "' is not " + SYMBOL_EXPECTED);
        }
        String exchange = params.getString(DataSourceDefinition.EXCHANGE, null);
        if (exchange == null) {
            return; // reported as missing by the definition
        }
        if (!isKnown(exchange)) {
            throw bad(DataSourceDefinition.EXCHANGE, "unknown exchange '" + exchange + "'" + NearestName.suggestion(exchange, VENUES.keySet())
                    + " (known: " + String.join(", ", VENUES.keySet()) + ")");
        }
        String type = params.getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
        if (params.has(DEPTH)) {
            long depth = params.getLong(DEPTH, 0);
            List<Integer> live = liveBookDepths(exchange, type);
            if (!live.contains((int) depth) && !STORED_SNAPSHOT_DEPTHS.contains((int) depth)) {
                String liveText = live.isEmpty() ? exchange + " streams its full book live (leave depth out)"
                        : exchange + " " + type + " streams depth " + sorted(live) + " live";
                throw bad(DEPTH, depth + " is not a book depth " + exchange + " " + type + " can serve: " + liveText
                        + "; stored snapshots have depth " + join(STORED_SNAPSHOT_DEPTHS));
            }
        }
        if (params.has(CHANNEL)) {
            String channel = params.getString(CHANNEL, "");
            List<String> channels = bookChannels(exchange);
            if (channels.isEmpty()) {
                throw bad(CHANNEL, exchange + " has no choice of book channel" + (liveBookDepths(exchange, type).isEmpty() ? ""
                        : "; its book is chosen by 'depth'"));
            }
            if (!channels.contains(channel)) {
                throw bad(CHANNEL, "'" + channel + "' is not a book channel of " + exchange + NearestName.suggestion(channel, channels)
                        + " (" + channels.get(0) + " (default)" + (channels.size() > 1 ? ", " + String.join(", ", channels.subList(1, channels.size())) : "") + ")");
            }
        }
    }

    /** The params without a {@code depth} or {@code channel} equal to the venue's default, so writing the default and leaving it out give one key. */
    public static Params withoutDefaults(Params params) {
        String exchange = params.getString(DataSourceDefinition.EXCHANGE, null);
        String type = params.getString(DataSourceDefinition.INSTRUMENT_TYPE, "");
        Params out = params;
        List<Integer> live = liveBookDepths(exchange, type);
        if (params.has(DEPTH) && !live.isEmpty() && Long.valueOf(live.get(0)).equals(asLong(params.get(DEPTH)))) {
            out = out.without(DEPTH);
        }
        List<String> channels = bookChannels(exchange);
        if (params.has(CHANNEL) && !channels.isEmpty() && channels.get(0).equals(params.get(CHANNEL))) {
            out = out.without(CHANNEL);
        }
        return out;
    }

    /** The venue table as Markdown, for docs/definitions.md. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| exchange | live | book `depth` served live | book `channel` (default first) | notes |\n|---|---|---|---|---|\n");
        for (Venue v : VENUES.values()) {
            List<String> depths = new ArrayList<>();
            for (String t : INSTRUMENT_TYPES) {
                if (v.depths.containsKey(t)) {
                    depths.add(t + ": " + sorted(v.depths.get(t)) + " (default " + v.depths.get(t).get(0) + ")");
                }
            }
            sb.append("| `").append(v.exchange).append("` | ").append(v.live ? "yes" : "no").append(" | ")
                    .append(depths.isEmpty() ? "full book" : String.join("; ", depths)).append(" | ")
                    .append(v.channels.isEmpty() ? "" : "`" + String.join("`, `", v.channels) + "`").append(" | ")
                    .append(v.note).append(" |\n");
        }
        return sb.toString();
    }

    private static Venue venue(String exchange) {
        return exchange == null ? null : VENUES.get(exchange.toUpperCase(Locale.ROOT));
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static Long asLong(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return v == null ? null : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String sorted(List<Integer> depths) {
        return join(new ArrayList<>(new TreeSet<>(depths)));
    }

    private static String join(List<Integer> values) {
        List<String> s = new ArrayList<>();
        for (Integer v : values) {
            s.add(String.valueOf(v));
        }
        return String.join(", ", s);
    }

    private static ParamException bad(String param, String problem) {
        return new ParamException(param, ParamException.Kind.BAD_VALUE, "param '" + param + "': " + problem);
    }
}
