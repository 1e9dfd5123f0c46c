package io.featurizer.core.feature;

import java.util.List;
import java.util.Map;

/**
 * Building features in Java without a YAML config:
 * <pre>{@code
 * Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
 * Feature mid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book));
 * }</pre>
 * Names resolve through {@link DefinitionRegistry#getDefault()}.
 */
public final class Features {
    private Features() {
    }

    public static Feature dataSource(String definition, Map<String, ?> params) {
        DataDefinition d = DefinitionRegistry.getDefault().get(definition);
        if (!(d instanceof DataSourceDefinition ds)) {
            throw new IllegalArgumentException(definition + " is a feature, not a data source");
        }
        return Feature.dataSource(ds, Params.of(params));
    }

    public static Feature l2Book(String exchange, String instrumentType, String symbol) {
        return dataSource("l2_book", venue(exchange, instrumentType, symbol));
    }

    public static Feature trades(String exchange, String instrumentType, String symbol) {
        return dataSource("trades", venue(exchange, instrumentType, symbol));
    }

    public static Feature ticker(String exchange, String instrumentType, String symbol) {
        return dataSource("ticker", venue(exchange, instrumentType, symbol));
    }

    /** A perpetual's or future's {@code derivative_ticker} (funding, open interest, mark and index price). */
    public static Feature derivativeTicker(String exchange, String instrumentType, String symbol) {
        return dataSource("derivative_ticker", venue(exchange, instrumentType, symbol));
    }

    /** A perpetual's or future's forced {@code liquidations}. */
    public static Feature liquidations(String exchange, String instrumentType, String symbol) {
        return dataSource("liquidations", venue(exchange, instrumentType, symbol));
    }

    private static Map<String, Object> venue(String exchange, String instrumentType, String symbol) {
        return Map.of(DataSourceDefinition.EXCHANGE, exchange, DataSourceDefinition.INSTRUMENT_TYPE, instrumentType,
                DataSourceDefinition.SYMBOL, symbol);
    }

    /** A feature of the named definition over the given children (in the order its dependencies list them). */
    public static Feature feature(String definition, Map<String, ?> params, Feature... children) {
        DataDefinition d = DefinitionRegistry.getDefault().get(definition);
        if (!(d instanceof FeatureDefinition fd)) {
            throw new IllegalArgumentException(definition + " is a data source, not a feature");
        }
        return Feature.of(fd, Params.of(params), List.of(children));
    }
}
