package io.featurizer.core.feature;

import io.featurizer.core.event.Schema;

import java.util.Map;

/**
 * A kind of data: a data source (a leaf: {@code l2_book}, {@code trades}, {@code ticker}, synthetic
 * sources) or a feature (an inner node computed from other data). Implementations are stateless
 * singletons registered by {@link #name()} through {@link java.util.ServiceLoader} (file
 * {@code META-INF/services/io.featurizer.core.feature.DataDefinition}), so a jar on the class path
 * adds definitions without touching the engine.
 */
public interface DataDefinition {
    /** Registry name, {@code group.name} for features (e.g. {@code price.mid_price_fd}). */
    String name();

    /** Short name used in display names ({@code feature_MidPriceFD_1a2b3c4d}); the class name by default. */
    default String displayName() {
        return getClass().getSimpleName();
    }

    /** Output schema for the given params. */
    Schema schema(Params params);

    /** Defaults merged into a feature's params before its key is computed, so {@code {}} and explicit defaults are the same feature. */
    default Map<String, Object> defaultParams() {
        return Map.of();
    }

    /** Checks params, throwing {@link IllegalArgumentException} naming the bad key and the expected form. */
    default void validate(Params params) {
        schema(params);
    }

    default boolean isDataSource() {
        return this instanceof DataSourceDefinition;
    }
}
