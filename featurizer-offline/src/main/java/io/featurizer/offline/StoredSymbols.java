package io.featurizer.offline;

import io.featurizer.core.config.SymbolListing;
import io.featurizer.storage.catalog.Catalog;
import io.featurizer.storage.catalog.DataSourceMetadata;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What storage lists, for a universe's {@code symbols: '*'}: the symbols of the data sources its catalog holds
 * for an exchange (any case) and instrument type, sorted. A venue storage holds nothing of lists no symbols
 * (the config then says the universe is empty).
 */
public final class StoredSymbols implements SymbolListing {
    private final Catalog catalog;
    private final String where;

    public StoredSymbols(Catalog catalog, String where) {
        this.catalog = catalog;
        this.where = where;
    }

    @Override
    public Optional<List<String>> symbols(String exchange, String instrumentType) {
        TreeSet<String> out = new TreeSet<>();
        for (DataSourceMetadata d : catalog.dataSources()) {
            if (d.exchange() != null && d.exchange().toUpperCase(Locale.ROOT).equals(exchange.toUpperCase(Locale.ROOT))
                    && instrumentType.equals(d.instrumentType()) && d.symbol() != null) {
                out.add(d.symbol());
            }
        }
        return Optional.of(List.copyOf(out));
    }

    @Override
    public String describe() {
        return where;
    }
}
