package io.featurizer.core.config;

import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.text.NearestName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands {@code for_each: NAME} entries of {@code feature_configs} into one entry per symbol of the
 * universe, before features are built. An instance is exactly the entry written by hand for that symbol:
 * its {@code data_source} entries get the member's exchange, instrument_type and symbol where they leave
 * them out (none written: one entry, the member), its name becomes {@code {name}.{symbol}}, and a dep on
 * another entry over the same universe means that entry's instance for the same symbol. So its feature,
 * and its key, are those of the hand-written entry, and stored features are shared between configs.
 * Indices into {@code feature_configs} ({@code deps}, {@code label_feature}, {@code features_to_store})
 * are written against the entries as given and mapped here to the expanded ones.
 */
final class UniverseExpansion {
    private final List<YamlNode> nodes = new ArrayList<>();
    private final List<FeatureConfig> configs = new ArrayList<>();
    private final Map<String, Integer> indexByName = new LinkedHashMap<>();
    private final List<List<Integer>> instances = new ArrayList<>();
    private final List<Map<String, Object>> memberSources = new ArrayList<>();
    private final List<FeatureConfig> given;
    private final List<YamlNode> givenNodes;
    private final List<Universe> universeOf = new ArrayList<>();
    private final Map<String, Integer> givenByName = new HashMap<>();

    private UniverseExpansion(List<YamlNode> givenNodes, List<FeatureConfig> given) {
        this.givenNodes = givenNodes;
        this.given = given;
    }

    /**
     * @param forEach per entry, its {@code for_each} node or null
     */
    static UniverseExpansion expand(List<YamlNode> entries, List<FeatureConfig> given, List<YamlNode> forEach, Map<String, Universe> universes) {
        UniverseExpansion x = new UniverseExpansion(entries, given);
        for (int i = 0; i < given.size(); i++) {
            YamlNode fe = forEach.get(i);
            Universe u = null;
            if (fe != null) {
                String name = fe.isNull() ? "" : fe.text();
                u = universes.get(name);
                if (u == null) {
                    throw fe.error(universes.isEmpty()
                            ? "for_each: '" + name + "' names no universe: the config has no 'universe' (add universe: {exchange: ..., instrument_type: ..., symbols: [...]})"
                            : "for_each: '" + name + "' names no universe" + NearestName.suggestion(name, universes.keySet())
                            + " (universes: " + String.join(", ", universes.keySet()) + ")");
                }
            }
            x.universeOf.add(u);
            if (given.get(i).name() != null) {
                x.givenByName.put(given.get(i).name(), i);
            }
        }
        // Every instance's index is known before deps are rewritten: a dep may point at a later entry.
        int next = 0;
        for (int i = 0; i < given.size(); i++) {
            int n = x.universeOf.get(i) == null ? 1 : x.universeOf.get(i).symbols().size();
            List<Integer> mine = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                mine.add(next++);
            }
            x.instances.add(mine);
        }
        for (int i = 0; i < given.size(); i++) {
            Universe u = x.universeOf.get(i);
            if (u == null) {
                x.add(entries.get(i), x.instance(i, null, null), null);
            } else {
                for (String symbol : u.symbols()) {
                    YamlNode e = entries.get(i);
                    Map<String, Object> member = given.get(i).dataSourceParams().isEmpty() ? Map.of(DataSourceDefinition.EXCHANGE, u.exchange(),
                            DataSourceDefinition.INSTRUMENT_TYPE, u.instrumentType(), DataSourceDefinition.SYMBOL, symbol) : null;
                    x.add(new YamlNode(e.file, e.path + "@" + symbol, e.node, e.keyNode), x.instance(i, u, symbol), member);
                }
            }
        }
        return x;
    }

    private void add(YamlNode node, FeatureConfig c, Map<String, Object> member) {
        if (c.name() != null && indexByName.putIfAbsent(c.name(), configs.size()) != null) {
            YamlNode nameNode = node.entries().get("name");
            throw (nameNode != null ? nameNode : node).error("duplicate feature name '" + c.name() + "'");
        }
        nodes.add(node);
        configs.add(c);
        memberSources.add(member);
    }

    private FeatureConfig instance(int i, Universe u, String symbol) {
        FeatureConfig c = given.get(i);
        List<Object> deps = new ArrayList<>();
        for (int k = 0; k < c.deps().size(); k++) {
            deps.add(dep(i, k, symbol));
        }
        if (u == null) {
            return new FeatureConfig(c.definition(), c.name(), c.dataSourceParams(), c.featureParams(), deps);
        }
        List<Map<String, Object>> sources = new ArrayList<>();
        // no data_source written: every leaf takes the member (see memberSources); a transform has no leaves, only deps
        boolean varies = c.dataSourceParams().isEmpty() && c.deps().isEmpty();
        for (Map<String, Object> w : c.dataSourceParams()) {
            Map<String, Object> s = new LinkedHashMap<>(w);
            varies |= !s.containsKey(DataSourceDefinition.SYMBOL);
            s.putIfAbsent(DataSourceDefinition.EXCHANGE, u.exchange());
            s.putIfAbsent(DataSourceDefinition.INSTRUMENT_TYPE, u.instrumentType());
            s.putIfAbsent(DataSourceDefinition.SYMBOL, symbol);
            sources.add(s);
        }
        for (int k = 0; k < c.deps().size(); k++) {
            Integer target = target(i, k);
            varies |= target != null && universeOf.get(target) != null;
        }
        if (!varies) {
            throw givenNodes.get(i).entries().get("for_each").error("for_each: '" + u.name() + "' has nothing to vary: every data_source entry names its own symbol"
                    + " and no dep is itself for_each '" + u.name() + "' (leave 'symbol' out of the entries that follow the universe)");
        }
        return new FeatureConfig(c.definition(), c.name() == null ? null : c.name() + "." + symbol, sources, c.featureParams(), deps);
    }

    /** Dep {@code k} of entry {@code i}, as an index into the expanded entries (or a name the builder resolves). */
    private Object dep(int i, int k, String symbol) {
        Integer target = target(i, k);
        if (target == null) {
            return given.get(i).deps().get(k); // an instance's name (mid.BTC-USDT), or unresolved: the builder says so
        }
        YamlNode at = givenNodes.get(i).entries().get("deps").items().get(k);
        Universe mine = universeOf.get(i);
        Universe theirs = universeOf.get(target);
        if (theirs == null) { // one feature: its name as written, or its index among the expanded entries
            Object ref = given.get(i).deps().get(k);
            return ref instanceof String ? ref : (Object) (long) instances.get(target).get(0);
        }
        String label = given.get(target).name() != null ? "'" + given.get(target).name() + "'" : "feature_configs[" + target + "]";
        if (mine == null || !mine.name().equals(theirs.name())) {
            throw at.error("dep " + label + " is one feature per symbol of universe '" + theirs.name() + "'"
                    + (mine == null ? "" : ", this entry one per symbol of '" + mine.name() + "'")
                    + "; name one instance" + (given.get(target).name() != null ? ", e.g. '" + given.get(target).name() + "." + theirs.symbols().get(0) + "'" : ""));
        }
        return (long) instances.get(target).get(theirs.symbols().indexOf(symbol));
    }

    /** The given entry dep {@code k} of entry {@code i} names, or null when it names no given entry by its own name or index. */
    private Integer target(int i, int k) {
        Object ref = given.get(i).deps().get(k);
        if (ref instanceof Long l) {
            if (l < 0 || l >= given.size()) {
                YamlNode at = givenNodes.get(i).entries().get("deps").items().get(k);
                throw at.error("dep index " + l + " is out of range; feature_configs has " + given.size() + " entries");
            }
            return l.intValue();
        }
        return givenByName.get((String) ref);
    }

    /** Per expanded entry, the data source its leaves take when it writes none, or null. */
    List<Map<String, Object>> memberSources() {
        return memberSources;
    }

    List<YamlNode> nodes() {
        return nodes;
    }

    List<FeatureConfig> configs() {
        return configs;
    }

    /** Expanded entries by name (instances as {@code {name}.{symbol}}). */
    Map<String, Integer> indexByName() {
        return indexByName;
    }

    /** The expanded entries of given entry {@code i}: itself, or one per symbol of its universe. */
    List<Integer> instancesOf(int i) {
        return instances.get(i);
    }

    /** The given entry's {@code for_each} universe, or null. */
    Universe universeOf(int i) {
        return universeOf.get(i);
    }

    /** The given entry named {@code name} (its name before expansion), or null. */
    Integer givenIndex(String name) {
        return givenByName.get(name);
    }

    int givenCount() {
        return given.size();
    }
}
