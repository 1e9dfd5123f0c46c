package io.featurizer.core.config;

import io.featurizer.core.text.Durations;
import io.featurizer.core.text.NearestName;
import io.featurizer.core.feature.DefinitionRegistry;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.LateEventPolicy;
import io.featurizer.core.graph.TimeField;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the svoe-format YAML into a {@link FeaturizerConfig}, reporting problems with file, line and key. */
final class ConfigLoader {
    private static final List<String> TOP_KEYS = List.of("feature_configs", "start_date", "end_date", "label_feature", "label_lookahead",
            "features_to_store", "ordering", "output", "universe");
    private static final List<String> PARAMS_KEYS = List.of("data_source", "feature");
    private static final Set<String> ENTRY_KEYS = Set.of("feature_definition", "name", "params", "deps", "for_each", "data_params", "feature_params");

    private ConfigLoader() {
    }

    static FeaturizerConfig load(Path file, SymbolListing listing) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, null, "config file not found");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot read config: " + e.getMessage());
        }
        return parse(text, file.toString(), listing);
    }

    static FeaturizerConfig parse(String yaml, String file, SymbolListing listing) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file, line, null, "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, null, "invalid YAML: " + e.getMessage());
        }
        if (root == null || (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
            throw new ConfigException(file, 0, null, "the config is empty; expected a mapping with 'feature_configs'");
        }
        YamlNode top = new YamlNode(file, "", root);
        Map<String, YamlNode> keys = top.entries();
        for (Map.Entry<String, YamlNode> e : keys.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                throw unknownKey(e.getKey(), e.getValue(), TOP_KEYS);
            }
        }
        YamlNode fc = keys.get("feature_configs");
        if (fc == null || fc.isNull()) {
            throw top.error("missing 'feature_configs': a list of features, each with 'feature_definition'");
        }
        List<YamlNode> entries = fc.items();
        if (entries.isEmpty()) {
            throw fc.error("'feature_configs' is empty; expected at least one feature");
        }
        Map<String, Universe> universes = UniverseParser.parse(keys.get("universe"), listing);
        List<FeatureConfig> given = new ArrayList<>();
        List<YamlNode> forEach = new ArrayList<>();
        Map<String, Integer> givenNames = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            FeatureConfig c = entry(entries.get(i));
            if (c.name() != null && givenNames.put(c.name(), i) != null) {
                throw entries.get(i).entries().get("name").error("duplicate feature name '" + c.name() + "'");
            }
            given.add(c);
            forEach.add(entries.get(i).entries().get("for_each"));
        }
        UniverseExpansion expansion = UniverseExpansion.expand(entries, given, forEach, universes);
        List<FeatureConfig> configs = expansion.configs();
        Map<String, Integer> indexByName = expansion.indexByName();
        List<Feature> features = new FeatureTreeBuilder(DefinitionRegistry.getDefault(), expansion.nodes(), configs, indexByName,
                expansion.memberSources()).build();

        Long start = date(keys.get("start_date"));
        Long end = date(keys.get("end_date"));
        if (start != null && end != null && end < start) {
            throw keys.get("end_date").error("end_date is before start_date");
        }
        Integer label = null;
        if (keys.containsKey("label_feature")) {
            List<Integer> l = featureRef(keys.get("label_feature"), expansion);
            if (l.size() > 1) {
                throw keys.get("label_feature").error("the label is one feature, but this entry is one feature per symbol of its universe (for_each)"
                        + "; name one instance, e.g. " + (configs.get(l.get(0)).name() != null ? "'" + configs.get(l.get(0)).name() + "'" : "by its name"));
            }
            label = l.get(0);
        }
        long lookahead = keys.containsKey("label_lookahead") ? duration(keys.get("label_lookahead")) : 0;
        List<Integer> toStore = new ArrayList<>();
        if (keys.containsKey("features_to_store") && !keys.get("features_to_store").isNull()) {
            for (YamlNode n : keys.get("features_to_store").items()) {
                for (Integer i : featureRef(n, expansion)) {
                    if (!toStore.contains(i)) {
                        toStore.add(i);
                    }
                }
            }
        }
        return new FeaturizerConfig(file, start, end, label, lookahead, List.copyOf(toStore), List.copyOf(configs),
                List.copyOf(features), ordering(keys.get("ordering"), keys.get("output")), List.copyOf(universes.values()));
    }

    private static FeatureConfig entry(YamlNode n) {
        Map<String, YamlNode> keys = n.entries();
        for (Map.Entry<String, YamlNode> e : keys.entrySet()) {
            if (!ENTRY_KEYS.contains(e.getKey())) {
                throw unknownKey(e.getKey(), e.getValue(), List.of("feature_definition", "name", "params", "deps", "for_each"));
            }
        }
        YamlNode def = keys.get("feature_definition");
        if (def == null) {
            throw n.error("missing 'feature_definition' (a definition name such as price.mid_price_fd)");
        }
        String name = keys.containsKey("name") ? keys.get("name").text() : null;
        List<Map<String, Object>> ds = new ArrayList<>();
        Map<Integer, Map<String, Object>> fp = new LinkedHashMap<>();
        YamlNode params = keys.get("params");
        YamlNode dsNode = keys.get("data_params");
        YamlNode fpNode = keys.get("feature_params");
        if (params != null && !params.isNull()) {
            Map<String, YamlNode> p = params.entries();
            boolean structured = p.containsKey("data_source") || p.containsKey("feature");
            if (structured) {
                for (String k : p.keySet()) {
                    if (!k.equals("data_source") && !k.equals("feature")) {
                        throw p.get(k).keyError("unknown key '" + k + "'" + NearestName.suggestion(k, PARAMS_KEYS)
                                + "; 'params' holds 'data_source' (a list) and 'feature' (params by depth)");
                    }
                }
                dsNode = p.get("data_source");
                fpNode = p.get("feature");
            } else {
                for (Map.Entry<String, YamlNode> e : p.entrySet()) { // a misspelt data_source or feature is not a param
                    if (NearestName.of(e.getKey(), PARAMS_KEYS).isPresent()) {
                        throw e.getValue().keyError("unknown key '" + e.getKey() + "'" + NearestName.suggestion(e.getKey(), PARAMS_KEYS)
                                + "; 'params' holds 'data_source' (a list) and 'feature' (params by depth), or this feature's own params");
                    }
                }
                fp.put(0, mapValue(params)); // flat params: this feature's own (depth 0)
            }
        }
        if (dsNode != null && !dsNode.isNull()) {
            List<YamlNode> items = dsNode.isList() ? dsNode.items() : List.of(dsNode);
            for (YamlNode item : items) {
                ds.add(mapValue(item));
            }
        }
        if (fpNode != null && !fpNode.isNull()) {
            if (fpNode.isList()) {
                List<YamlNode> items = fpNode.items();
                for (int d = 0; d < items.size(); d++) {
                    if (!items.get(d).isNull()) {
                        fp.put(d, mapValue(items.get(d)));
                    }
                }
            } else {
                for (Map.Entry<String, YamlNode> e : fpNode.entries().entrySet()) {
                    int depth;
                    try {
                        depth = Integer.parseInt(e.getKey().trim());
                    } catch (NumberFormatException ex) {
                        throw e.getValue().keyError("feature params are keyed by depth (0 = this feature, 1 = its children, ...), got key '" + e.getKey() + "'");
                    }
                    if (depth < 0) {
                        throw e.getValue().keyError("depth must be >= 0");
                    }
                    fp.put(depth, e.getValue().isNull() ? Map.of() : mapValue(e.getValue()));
                }
            }
        }
        List<Object> deps = new ArrayList<>();
        if (keys.containsKey("deps") && !keys.get("deps").isNull()) {
            for (YamlNode d : keys.get("deps").items()) {
                Object v = d.value();
                if (!(v instanceof String) && !(v instanceof Long)) {
                    throw d.error("a dep is a feature name or an index into feature_configs, got " + d.describe());
                }
                deps.add(v);
            }
        }
        return new FeatureConfig(def.text(), name, ds, fp, deps);
    }

    /** "unknown key 'featur_configs'; did you mean 'feature_configs'? expected one of ...", at the key's line. */
    private static ConfigException unknownKey(String key, YamlNode at, Collection<String> known) {
        return at.keyError("unknown key '" + key + "'" + NearestName.suggestion(key, known) + "; expected one of " + String.join(", ", known));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapValue(YamlNode n) {
        if (!n.isMap()) {
            throw n.error("expected a mapping of params (key: value), got " + n.describe());
        }
        return (Map<String, Object>) n.value();
    }

    /** The expanded entries a reference names: an index or name as given (every instance of a for_each entry), or an instance's name. */
    private static List<Integer> featureRef(YamlNode n, UniverseExpansion x) {
        Object v = n.value();
        int count = x.givenCount();
        if (v instanceof Long l) {
            if (l < 0 || l >= count) {
                throw n.error("index " + l + " is out of range; feature_configs has " + count + " entries (0.." + (count - 1) + ")");
            }
            return x.instancesOf(l.intValue());
        }
        if (v instanceof String s) {
            Integer given = x.givenIndex(s);
            if (given != null) {
                return x.instancesOf(given);
            }
            if (x.indexByName().containsKey(s)) {
                return List.of(x.indexByName().get(s));
            }
            throw n.error("'" + s + "' is not a configured feature" + NearestName.suggestion(s, x.indexByName().keySet())
                    + "; expected an index into feature_configs or a feature name");
        }
        throw n.error("expected an index into feature_configs or a feature name; known names: " + x.indexByName().keySet());
    }

    private static long duration(YamlNode n) {
        try {
            return Durations.parseNanos(n.text());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    static Long date(YamlNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            return io.featurizer.core.text.Instants.parseNanos(n.text());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static OrderingConfig ordering(YamlNode ordering, YamlNode output) {
        OrderingConfig d = OrderingConfig.DEFAULT;
        TimeField time = d.timeField();
        long lateness = d.allowedLatenessNanos();
        long idle = d.idleTimeoutNanos();
        LateEventPolicy policy = d.latePolicy();
        if (ordering != null && !ordering.isNull()) {
            for (Map.Entry<String, YamlNode> e : ordering.entries().entrySet()) {
                YamlNode v = e.getValue();
                switch (e.getKey()) {
                    case "time" -> time = switch (v.text()) {
                        case "receipt" -> TimeField.RECEIPT;
                        case "exchange" -> TimeField.EXCHANGE;
                        default -> throw v.error("expected 'receipt' (arrival order) or 'exchange' (event time)");
                    };
                    case "allowed_lateness" -> lateness = v.text().trim().equals("0") ? 0 : duration(v);
                    case "idle_timeout" -> idle = duration(v);
                    case "late_events" -> policy = switch (v.text()) {
                        case "drop" -> LateEventPolicy.DROP;
                        case "process" -> LateEventPolicy.PROCESS;
                        default -> throw v.error("expected 'drop' or 'process'");
                    };
                    default -> throw unknownKey(e.getKey(), v, List.of("time", "allowed_lateness", "idle_timeout", "late_events"));
                }
            }
        }
        long sample = 0;
        boolean missing = false;
        if (output != null && !output.isNull()) {
            for (Map.Entry<String, YamlNode> e : output.entries().entrySet()) {
                YamlNode v = e.getValue();
                switch (e.getKey()) {
                    case "sample_every" -> sample = duration(v);
                    case "emit_with_missing" -> {
                        if (!(v.value() instanceof Boolean b)) {
                            throw v.error("expected true or false");
                        }
                        missing = b;
                    }
                    default -> throw unknownKey(e.getKey(), v, List.of("sample_every", "emit_with_missing"));
                }
            }
        }
        return new OrderingConfig(time, lateness, idle, policy, sample, missing);
    }
}
