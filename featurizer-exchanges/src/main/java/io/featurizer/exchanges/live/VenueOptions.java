package io.featurizer.exchanges.live;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;

/**
 * What a data source asks of its venue's order book stream, read from the data source's params:
 * {@code depth} (levels per side, the key vendor ingest uses for top-N books) and {@code channel} (the venue's
 * stream name). Absent means the venue's default ({@link #DEFAULT}); each venue checks what it serves
 * ({@link VenueProtocols#forVenue(String, String, VenueOptions)}) and rejects the rest naming the allowed values.
 *
 * <table>
 *     <tr><th>exchange</th><th>depth</th><th>channel</th></tr>
 *     <tr><td>BYBIT</td><td>spot 1, 50, 200, 1000; linear 1, 50, 200, 500, 1000 (default 50)</td><td>-</td></tr>
 *     <tr><td>BINANCE, BINANCE_FUTURES</td><td>- (full book: REST snapshot + diff depth)</td>
 *         <td>{@code depth@100ms} (default) or {@code depth} (1000 ms)</td></tr>
 *     <tr><td>OKX</td><td>implied by the channel (books 400, books5 5, bbo-tbt 1, books-l2-tbt 400)</td>
 *         <td>{@code books} (default), {@code books5}, {@code bbo-tbt}, {@code books-l2-tbt}</td></tr>
 *     <tr><td>COINBASE</td><td>-</td><td>{@code level2} (the default and only one)</td></tr>
 * </table>
 *
 * @param depth   levels per side asked for, 0 when not given
 * @param channel the venue's book stream asked for, null when not given
 */
public record VenueOptions(int depth, String channel) {
    public static final String DEPTH = "depth";
    public static final String CHANNEL = "channel";
    /** Nothing asked: every venue's default stream. */
    public static final VenueOptions DEFAULT = new VenueOptions(0, null);

    public VenueOptions {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be a positive number of levels, got " + depth);
        }
        if (channel != null && channel.isBlank()) {
            channel = null;
        }
    }

    /** The options a data source's params ask for (only order book sources have any). */
    public static VenueOptions of(Feature source) {
        int depth = 0;
        if (source.params().has(DEPTH)) {
            depth = source.params().getInt(DEPTH, 0);
            if (depth <= 0) {
                throw new IllegalArgumentException(where(source) + ": depth must be a positive number of levels, got "
                        + source.params().get(DEPTH));
            }
        }
        String channel = source.params().has(CHANNEL) ? source.params().getString(CHANNEL, null).trim() : null;
        return new VenueOptions(depth, channel);
    }

    /** True when the data source asked for nothing. */
    public boolean isDefault() {
        return depth == 0 && channel == null;
    }

    /** {@code data source BYBIT/linear BTC-USDT}, for error messages. */
    public static String where(Feature source) {
        return "data source " + source.params().getString(DataSourceDefinition.EXCHANGE, "?") + "/"
                + source.params().getString(DataSourceDefinition.INSTRUMENT_TYPE, "?") + " "
                + source.params().getString(DataSourceDefinition.SYMBOL, "?");
    }

    @Override
    public String toString() {
        return isDefault() ? "defaults" : (depth > 0 ? "depth " + depth : "") + (depth > 0 && channel != null ? ", " : "")
                + (channel != null ? "channel " + channel : "");
    }
}
