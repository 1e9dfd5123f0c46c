package io.featurizer.core.feature;

import io.featurizer.core.event.Schema;

import java.util.List;
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

    /**
     * The params this definition takes, each declared once with type, default, allowed values and a
     * doc line ({@link ParamSpec}). Unknown names, missing required params and bad values are then
     * errors; defaults go into the feature key; the docs table is generated from it. {@code null}
     * (the default) means not declared: params pass unchecked, as for definitions written before
     * declarations existed.
     */
    default List<ParamSpec> paramSpecs() {
        return null;
    }

    /** Defaults merged into a feature's params before its key is computed, so {@code {}} and explicit defaults are the same feature. */
    default Map<String, Object> defaultParams() {
        List<ParamSpec> specs = paramSpecs();
        return specs == null ? Map.of() : ParamSpec.defaults(specs);
    }

    /**
     * The params a feature keeps and hashes into its key: the given ones with the defaults filled in.
     * A definition whose defaults depend on other params (a venue's book depth) also drops values equal
     * to them here, so writing the default and leaving it out give one key.
     */
    default Params canonicalParams(Params params) {
        return params.withDefaults(defaultParams());
    }

    /** Checks params against {@link #paramSpecs()} and the schema, throwing {@link IllegalArgumentException} (a {@link ParamException} for one param) naming the bad key and the expected form. */
    default void validate(Params params) {
        List<ParamSpec> specs = paramSpecs();
        if (specs != null) {
            ParamSpec.checkAll(name(), specs, params);
        }
        schema(params);
    }

    default boolean isDataSource() {
        return this instanceof DataSourceDefinition;
    }
}
