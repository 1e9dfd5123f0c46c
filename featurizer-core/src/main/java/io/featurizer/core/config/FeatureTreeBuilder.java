package io.featurizer.core.config;

import io.featurizer.core.feature.DataDefinition;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.DefinitionRegistry;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.ParamException;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.UnknownDefinitionException;
import io.featurizer.core.venue.VenueCapabilities;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns {@code feature_configs} into features, the svoe way: walk the definition tree from the
 * root; a feature node at depth d takes {@code params.feature[d]}, each data-source leaf takes the
 * next {@code params.data_source} entry in traversal order, and a {@link FeatureDefinition#ANY_FEATURE}
 * slot takes the next of the entry's {@code deps}. Deps are built first (cycles and unknown names
 * are reported by name); then identical subtrees are made one instance, carrying the user's name.
 */
final class FeatureTreeBuilder {
    private final DefinitionRegistry registry;
    private final List<YamlNode> nodes;
    private final List<FeatureConfig> configs;
    private final Map<String, Integer> indexByName;
    private final List<Map<String, Object>> memberSources;
    private final Feature[] built;
    private final boolean[] visiting;

    FeatureTreeBuilder(DefinitionRegistry registry, List<YamlNode> nodes, List<FeatureConfig> configs, Map<String, Integer> indexByName) {
        this(registry, nodes, configs, indexByName, java.util.Collections.nCopies(configs.size(), null));
    }

    /**
     * @param memberSources per entry, the data source every leaf takes when the entry writes no {@code data_source}
     *                      (a {@code for_each} instance's universe member), or null
     */
    FeatureTreeBuilder(DefinitionRegistry registry, List<YamlNode> nodes, List<FeatureConfig> configs, Map<String, Integer> indexByName,
                       List<Map<String, Object>> memberSources) {
        this.memberSources = memberSources;
        this.registry = registry;
        this.nodes = nodes;
        this.configs = configs;
        this.indexByName = indexByName;
        this.built = new Feature[configs.size()];
        this.visiting = new boolean[configs.size()];
    }

    List<Feature> build() {
        for (int i = 0; i < configs.size(); i++) {
            build(i, new ArrayList<>());
        }
        // Names belong to keys: one feature configured twice under two names is a mistake.
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < built.length; i++) {
            String name = configs.get(i).name();
            String other = name == null ? null : names.putIfAbsent(built[i].key(), name);
            if (other != null) {
                throw at(nodes.get(i), "name").error("'" + name + "' is the same feature as '" + other
                        + "' (same definition, params and inputs); configure it once and refer to it by one name");
            }
        }
        // Rebuild every tree over one instance per key, with the user's name wherever that feature
        // appears (a named entry may first have been built, unnamed, inside an earlier entry's tree).
        Map<String, Feature> shared = new HashMap<>();
        List<Feature> out = new ArrayList<>();
        for (Feature f : built) {
            out.add(relink(f, names, shared));
        }
        return out;
    }

    private static Feature relink(Feature f, Map<String, String> names, Map<String, Feature> shared) {
        Feature s = shared.get(f.key());
        if (s != null) {
            return s;
        }
        List<Feature> children = new ArrayList<>();
        for (Feature c : f.children()) {
            children.add(relink(c, names, shared));
        }
        Feature r = f.isDataSource() ? f : Feature.of((FeatureDefinition) f.definition(), f.params(), children);
        String name = names.get(f.key());
        if (name != null) {
            r = r.named(name);
        }
        shared.put(f.key(), r);
        return r;
    }

    private String label(int i) {
        FeatureConfig c = configs.get(i);
        return c.name() != null ? "'" + c.name() + "'" : "feature_configs[" + i + "]";
    }

    private Feature build(int i, List<Integer> chain) {
        if (built[i] != null) {
            return built[i];
        }
        YamlNode node = nodes.get(i);
        if (visiting[i]) {
            StringBuilder cycle = new StringBuilder();
            for (int k = chain.indexOf(i); k < chain.size(); k++) {
                cycle.append(label(chain.get(k))).append(" -> ");
            }
            throw node.error("cyclic deps: " + cycle + label(i));
        }
        visiting[i] = true;
        chain.add(i);
        FeatureConfig c = configs.get(i);
        List<Feature> deps = new ArrayList<>();
        YamlNode depsNode = node.entries().get("deps");
        for (int k = 0; k < c.deps().size(); k++) {
            Object ref = c.deps().get(k);
            YamlNode at = depsNode.items().get(k);
            int target;
            if (ref instanceof Long l) {
                if (l < 0 || l >= configs.size()) {
                    throw at.error("dep index " + l + " is out of range; feature_configs has " + configs.size() + " entries");
                }
                target = l.intValue();
            } else {
                Integer t = indexByName.get((String) ref);
                if (t == null) {
                    throw at.error("unresolved dep '" + ref + "'; configured feature names: " + indexByName.keySet());
                }
                target = t;
            }
            deps.add(build(target, chain));
        }
        chain.remove(chain.size() - 1);
        visiting[i] = false;

        YamlNode defNode = node.entries().get("feature_definition");
        DataDefinition def;
        try {
            def = registry.get(c.definition());
        } catch (UnknownDefinitionException e) {
            throw defNode.error(e.getMessage());
        }
        Tree tree = new Tree(node, c, deps, memberSources.get(i));
        Feature f = tree.node(def, 0);
        tree.checkParamNames();
        if (tree.nextSource < c.dataSourceParams().size()) {
            throw at(node, "params").error(c.dataSourceParams().size() + " data_source entries given but " + def.name()
                    + " has " + tree.nextSource + " data-source leaf(s) with this dep_schema");
        }
        if (tree.nextDep < deps.size()) {
            throw at(node, "deps").error(deps.size() + " deps given but " + def.name() + " takes " + tree.nextDep);
        }
        built[i] = c.name() == null ? f : f.named(c.name());
        return built[i];
    }

    private static YamlNode at(YamlNode entry, String key) {
        YamlNode n = entry.entries().get(key);
        return n != null ? n : entry;
    }

    /** One walk over a definition tree, consuming data source params and deps in order. */
    private final class Tree {
        final YamlNode entry;
        final FeatureConfig config;
        final List<Feature> deps;
        final Map<String, Object> member;
        int nextSource;
        int nextDep;
        /** The definitions met at each depth, to check the params written for that depth. */
        final Map<Integer, Set<DataDefinition>> byDepth = new TreeMap<>();

        Tree(YamlNode entry, FeatureConfig config, List<Feature> deps, Map<String, Object> member) {
            this.member = member;
            this.entry = entry;
            this.config = config;
            this.deps = deps;
        }

        Feature node(DataDefinition def, int depth) {
            if (def instanceof DataSourceDefinition ds) {
                return source(ds);
            }
            byDepth.computeIfAbsent(depth, d -> new LinkedHashSet<>()).add(def);
            FeatureDefinition fd = (FeatureDefinition) def;
            // Params written for a depth go to every node there (svoe's rule); each takes those it declares.
            Params params = own(def, Params.of(config.featureParams().getOrDefault(depth, Map.of())));
            List<String> upstream;
            try {
                upstream = fd.dependencies(params.withDefaults(fd.defaultParams()));
            } catch (IllegalArgumentException e) {
                throw paramsError(depth, def, e);
            }
            List<Feature> children = new ArrayList<>();
            for (String up : upstream) {
                if (FeatureDefinition.ANY_FEATURE.equals(up)) {
                    if (nextDep >= deps.size()) {
                        throw entry.error(def.name() + " is a transform over another feature: add 'deps: [<feature name>]'");
                    }
                    children.add(deps.get(nextDep++));
                } else {
                    DataDefinition child;
                    try {
                        child = registry.get(up);
                    } catch (UnknownDefinitionException e) {
                        throw entry.error(def.name() + " depends on " + e.getMessage());
                    }
                    children.add(node(child, depth + 1));
                }
            }
            try {
                return Feature.of(fd, params, children);
            } catch (IllegalArgumentException e) {
                throw paramsError(depth, def, e);
            }
        }

        private Feature source(DataSourceDefinition ds) {
            int pos = nextSource++;
            boolean fromMember = member != null && config.dataSourceParams().isEmpty();
            if (!fromMember && pos >= config.dataSourceParams().size()) {
                throw at(entry, "params").error(ds.name() + " needs data_source entry #" + pos
                        + " (exchange, instrument_type, symbol), but params.data_source has " + config.dataSourceParams().size());
            }
            YamlNode where = dataSourceNode(pos);
            try {
                Feature f = Feature.dataSource(ds, Params.of(fromMember ? member : config.dataSourceParams().get(pos)));
                if (ds.fromVenue()) {
                    VenueCapabilities.check(f.params());
                }
                return f;
            } catch (ParamException e) {
                throw locate(where, e, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw where.error(ds.name() + ": " + e.getMessage());
            }
        }

        /** The params a definition declares (all of them when it declares none). */
        private Params own(DataDefinition def, Params written) {
            List<ParamSpec> specs = def.paramSpecs();
            if (specs == null) {
                return written;
            }
            List<String> names = ParamSpec.names(specs);
            Map<String, Object> mine = new TreeMap<>();
            written.asMap().forEach((k, v) -> {
                if (names.contains(k)) {
                    mine.put(k, v);
                }
            });
            return Params.of(mine);
        }

        /** Every param written for a depth must be declared by a definition at that depth; every depth written must exist. */
        void checkParamNames() {
            for (Map.Entry<Integer, Map<String, Object>> e : config.featureParams().entrySet()) {
                int depth = e.getKey();
                Set<DataDefinition> defs = byDepth.get(depth);
                if (defs == null) {
                    if (!e.getValue().isEmpty()) {
                        throw depthNode(depth).error("no feature of " + entry.entries().get("feature_definition").text()
                                + " is at depth " + depth + "; its features are at depths " + byDepth.keySet());
                    }
                    continue;
                }
                List<String> known = new ArrayList<>();
                List<String> names = new ArrayList<>();
                boolean undeclared = false;
                for (DataDefinition d : defs) {
                    names.add(d.name());
                    if (d.paramSpecs() == null) {
                        undeclared = true;
                    } else {
                        for (String n : ParamSpec.names(d.paramSpecs())) {
                            if (!known.contains(n)) {
                                known.add(n);
                            }
                        }
                    }
                }
                if (undeclared) {
                    continue;
                }
                for (String key : e.getValue().keySet()) {
                    if (!known.contains(key)) {
                        ParamException u = ParamSpec.unknown(key, String.join(" and ", names)
                                + (names.size() > 1 ? " (depth " + depth + ")" : ""), known);
                        throw locate(depthNode(depth), u, u.getMessage());
                    }
                }
            }
        }

        private ConfigException paramsError(int depth, DataDefinition def, IllegalArgumentException e) {
            String message = def.name() + " (depth " + depth + "): " + e.getMessage();
            if (e instanceof ParamException pe) {
                return locate(depthNode(depth), pe, message);
            }
            return depthNode(depth).error(message);
        }

        /** An error at the param's key (unknown) or value, when the node holds it; else at the node. */
        private ConfigException locate(YamlNode node, ParamException e, String message) {
            if (node.isMap()) {
                YamlNode at = node.entries().get(e.param());
                if (at != null) {
                    return e.kind() == ParamException.Kind.UNKNOWN ? at.keyError(message) : at.error(message);
                }
            }
            return node.error(message);
        }

        /** Where data source entry {@code pos} is written: params.data_source[pos] (or the single map), or data_params. */
        private YamlNode dataSourceNode(int pos) {
            Map<String, YamlNode> keys = entry.entries();
            YamlNode params = keys.get("params");
            YamlNode ds = keys.get("data_params");
            if (params != null && params.isMap() && params.entries().containsKey("data_source")) {
                ds = params.entries().get("data_source");
            }
            if (ds == null) {
                return at(entry, "params");
            }
            if (ds.isList()) {
                List<YamlNode> items = ds.items();
                return pos < items.size() ? items.get(pos) : ds;
            }
            return ds;
        }

        /** Where the params of one depth are written: params.feature.d, params.feature[d] or feature_params.d; else params, else the entry. */
        private YamlNode depthNode(int depth) {
            Map<String, YamlNode> keys = entry.entries();
            YamlNode params = keys.get("params");
            YamlNode byDepth = keys.get("feature_params");
            if (params != null && params.isMap() && params.entries().containsKey("feature")) {
                byDepth = params.entries().get("feature");
            }
            if (byDepth != null && byDepth.isMap()) {
                for (Map.Entry<String, YamlNode> d : byDepth.entries().entrySet()) {
                    if (d.getKey().trim().equals(String.valueOf(depth))) {
                        return d.getValue();
                    }
                }
            } else if (byDepth != null && byDepth.isList() && depth < byDepth.items().size() && !byDepth.items().get(depth).isNull()) {
                return byDepth.items().get(depth);
            }
            if (params != null && !params.isNull()) {
                return params;
            }
            return byDepth != null ? byDepth : entry;
        }
    }
}
