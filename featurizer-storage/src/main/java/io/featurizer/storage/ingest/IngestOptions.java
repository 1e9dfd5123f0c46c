package io.featurizer.storage.ingest;

import java.time.LocalDate;

/**
 * How to read a vendor file: strict (stop at the first malformed row, the default) or lenient (skip and
 * count it), and overrides of what is otherwise detected from the file name and contents: the data
 * source's exchange, instrument type and symbol, the vendor data type (e.g. {@code incremental_book_L2})
 * and the UTC day (Cryptotick book files stamp rows with a time of day only). {@code null} means detect.
 */
public record IngestOptions(boolean lenient, String exchange, String instrumentType, String symbol, String dataType,
                            LocalDate day) {

    /** Strict, everything detected. */
    public static IngestOptions defaults() {
        return new IngestOptions(false, null, null, null, null, null);
    }

    public IngestOptions lenient(boolean lenient) {
        return new IngestOptions(lenient, exchange, instrumentType, symbol, dataType, day);
    }

    public IngestOptions withExchange(String exchange) {
        return new IngestOptions(lenient, exchange, instrumentType, symbol, dataType, day);
    }

    public IngestOptions withInstrumentType(String instrumentType) {
        return new IngestOptions(lenient, exchange, instrumentType, symbol, dataType, day);
    }

    public IngestOptions withSymbol(String symbol) {
        return new IngestOptions(lenient, exchange, instrumentType, symbol, dataType, day);
    }

    /** Overrides exchange, instrument type and symbol at once (the channel still comes from the data type). */
    public IngestOptions withSource(VendorSource source) {
        return new IngestOptions(lenient, source.exchange(), source.instrumentType(), source.symbol(), dataType, day);
    }

    public IngestOptions withDataType(String dataType) {
        return new IngestOptions(lenient, exchange, instrumentType, symbol, dataType, day);
    }

    public IngestOptions withDay(LocalDate day) {
        return new IngestOptions(lenient, exchange, instrumentType, symbol, dataType, day);
    }

    /** True when exchange and instrument type are both given, so no venue mapping is needed. */
    boolean overridesVenue() {
        return exchange != null && instrumentType != null;
    }

    /** The detected source with the given overrides applied. */
    VendorSource apply(VendorSource detected) {
        return new VendorSource(detected.channel(), or(exchange, detected.exchange()), or(instrumentType, detected.instrumentType()),
                or(symbol, detected.symbol()));
    }

    private static String or(String override, String detected) {
        return override != null ? override : detected;
    }
}
