package io.featurizer.storage.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The data source of each Tardis row, from its {@code exchange} and {@code symbol} cells. Rows of one
 * symbol come in long runs, so the last symbol's bytes are compared first and a {@link VendorSource} is
 * only built when the symbol changes. Every row's exchange must be the file's.
 */
final class TardisSources {
    private final Path path;
    private final String channel;
    private final IngestOptions options;
    private final int depth;
    private final String exchange;
    private final byte[] exchangeBytes;
    private final Map<String, VendorSource> bySymbol = new HashMap<>();
    private byte[] lastSymbol = new byte[0];
    private VendorSource last;

    /** {@code depth} > 0 for files of book snapshots of that many levels: their own source (see {@link VendorSource}). */
    TardisSources(Path path, String tardisExchange, String channel, int depth, IngestOptions options) {
        this.path = path;
        this.channel = channel;
        this.depth = depth;
        this.options = options;
        this.exchange = tardisExchange;
        this.exchangeBytes = tardisExchange.getBytes(StandardCharsets.UTF_8);
    }

    /** The source of the row whose exchange and symbol are in the given fields. */
    VendorSource of(CsvLineScanner row, int exchangeField, int symbolField) throws BadRowException, IngestException {
        if (!row.is(exchangeField, exchangeBytes)) {
            throw BadRowException.field("exchange", row.text(exchangeField), "expected '" + exchange + "' like the rest of the file");
        }
        if (last != null && row.equalTo(symbolField, lastSymbol, lastSymbol.length)) {
            return last;
        }
        if (row.isEmpty(symbolField)) {
            throw BadRowException.field("symbol", "", "expected the instrument's symbol");
        }
        String symbol = row.text(symbolField);
        VendorSource source = bySymbol.get(symbol);
        if (source == null) {
            source = resolve(path, exchange, symbol, channel, options);
            source = depth > 0 ? source.withDepth(depth) : source;
            bySymbol.put(symbol, source);
        }
        lastSymbol = Arrays.copyOfRange(row.buffer(), row.start(symbolField), row.end(symbolField));
        last = source;
        return source;
    }

    /** {@link TardisVenues#resolve}, reporting an unmapped exchange as a file-level error (also in lenient mode). */
    static VendorSource resolve(Path path, String exchange, String symbol, String channel, IngestOptions options) throws IngestException {
        if (!TardisVenues.isKnown(exchange) && !options.overridesVenue()) {
            throw new IngestException(path, 0, "unknown Tardis exchange '" + exchange + "'",
                    "expected one of " + TardisVenues.known() + ", or the exchange and instrument type given explicitly");
        }
        return TardisVenues.resolve(exchange, symbol, channel, options);
    }
}
