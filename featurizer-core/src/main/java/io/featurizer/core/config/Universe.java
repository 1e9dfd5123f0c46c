package io.featurizer.core.config;

import java.util.List;

/**
 * A set of instruments named once in a config's {@code universe:}: one exchange, one instrument type and
 * its symbols ({@code '*'} already resolved through a {@link SymbolListing}). A feature config with
 * {@code for_each: NAME} becomes one feature per symbol, named {@code {name}.{symbol}}.
 *
 * @param name           {@code universe} for the single form, else the name given under {@code universe:}
 * @param exchange       e.g. {@code BINANCE}
 * @param instrumentType e.g. {@code spot}
 * @param symbols        distinct symbols, in the order written (or listed)
 */
public record Universe(String name, String exchange, String instrumentType, List<String> symbols) {
    public Universe {
        symbols = List.copyOf(symbols);
    }
}
