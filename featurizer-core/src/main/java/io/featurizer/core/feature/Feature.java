package io.featurizer.core.feature;

import io.featurizer.core.event.Schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A definition with concrete params and child features. Identical subtrees are one feature (equal
 * keys; the config loader also makes them one instance), so a set of features forms a DAG. The {@link #key()} is a deterministic
 * 32-hex MD5 over (label flag, definition name, canonical params, sorted child keys): stable across
 * runs, JVMs and machines, so it can name stored blocks. Equality is by key.
 */
public final class Feature {
    private final DataDefinition definition;
    private final Params params;
    private final List<Feature> children;
    private final boolean label;
    private final String key;
    private final String name;
    private final Schema schema;

    private Feature(DataDefinition definition, Params params, List<Feature> children, boolean label, String name) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.params = definition.canonicalParams(params);
        this.children = List.copyOf(children);
        this.label = label;
        if (definition.isDataSource() && !children.isEmpty()) {
            throw new IllegalArgumentException("data source " + definition.name() + " cannot have children");
        }
        definition.validate(this.params);
        if (definition instanceof FeatureDefinition fd) {
            fd.validateInputs(this.params, this.children);
        }
        this.schema = definition.schema(this.params);
        this.key = computeKey();
        this.name = name;
    }

    /** A data source feature (a leaf). */
    public static Feature dataSource(DataSourceDefinition definition, Params params) {
        return new Feature(definition, params, List.of(), false, null);
    }

    /** A feature over the given children. */
    public static Feature of(FeatureDefinition definition, Params params, List<Feature> children) {
        return new Feature(definition, params, children, false, null);
    }

    /** The same feature under a user-chosen display name (the key does not change). */
    public Feature named(String newName) {
        return new Feature(definition, params, children, label, newName);
    }

    /** The label twin of a feature: same definition, params and children, a different key, named {@code label_{name}}. */
    public static Feature makeLabel(Feature feature) {
        return new Feature(feature.definition, feature.params, feature.children, true, feature.name);
    }

    private String computeKey() {
        List<String> childKeys = new ArrayList<>();
        for (Feature c : children) {
            childKeys.add(c.key);
        }
        childKeys.sort(null);
        Params keyed = params;
        for (ParamSpec spec : definition.paramSpecs() == null ? List.<ParamSpec>of() : definition.paramSpecs()) {
            if (!spec.inKey()) {
                keyed = keyed.without(spec.name()); // changes speed, not values: features stay shared
            }
        }
        String text = "label=" + label + "|def=" + definition.name() + "|params=" + keyed.canonical() + "|children=" + String.join(",", childKeys);
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(32);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JVM", e);
        }
    }

    public DataDefinition definition() {
        return definition;
    }

    public Params params() {
        return params;
    }

    public List<Feature> children() {
        return children;
    }

    public boolean isLabel() {
        return label;
    }

    public boolean isDataSource() {
        return definition.isDataSource();
    }

    public String key() {
        return key;
    }

    public Schema schema() {
        return schema;
    }

    /** True when the user gave this feature a name. */
    public boolean hasUserName() {
        return name != null;
    }

    /** The user's name, else {@code feature_{Def}_{key8}}, {@code data_source_{Def}_{key8}} or {@code label_{Def}_{key8}}. */
    public String name() {
        if (name != null) {
            return label ? "label_" + name : name;
        }
        String prefix = label ? "label_" : isDataSource() ? "data_source_" : "feature_";
        return prefix + definition.displayName() + "_" + key.substring(0, 8);
    }

    /** Output column names {@code {name}-{field}}. */
    public List<String> columnNames() {
        List<String> cols = new ArrayList<>();
        for (Schema.Field f : schema.fields()) {
            cols.add(name() + "-" + f.name());
        }
        return cols;
    }

    /** Data source leaves of this feature in traversal order, without repeats. */
    public List<Feature> dataSources() {
        Set<Feature> out = new LinkedHashSet<>();
        collectSources(this, out);
        return new ArrayList<>(out);
    }

    private static void collectSources(Feature f, Set<Feature> out) {
        if (f.isDataSource()) {
            out.add(f);
        }
        for (Feature c : f.children) {
            collectSources(c, out);
        }
    }

    /** History needed to warm this feature and everything below it: the longest lookback chain, in ns. */
    public long totalLookbackNanos() {
        long own = definition instanceof FeatureDefinition fd ? fd.lookbackNanos(params) : 0;
        long childMax = 0;
        for (Feature c : children) {
            childMax = Math.max(childMax, c.totalLookbackNanos());
        }
        return own > Long.MAX_VALUE - childMax ? FeatureDefinition.WHOLE_HISTORY : own + childMax; // saturates at whole history
    }

    /** {@code exchange:instrument_type:symbol:channel} of a data source feature. */
    public String dataSourceId() {
        if (!(definition instanceof DataSourceDefinition ds)) {
            throw new IllegalStateException(name() + " is not a data source");
        }
        return params.getString(DataSourceDefinition.EXCHANGE, "") + ":" + params.getString(DataSourceDefinition.INSTRUMENT_TYPE, "")
                + ":" + params.getString(DataSourceDefinition.SYMBOL, "") + ":" + ds.channel();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Feature f && f.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return name();
    }
}
