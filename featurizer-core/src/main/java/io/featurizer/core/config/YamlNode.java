package io.featurizer.core.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML node with its key path and line, so every config error can say where it is. */
final class YamlNode {
    final String file;
    final String path;
    final Node node;
    final Node keyNode; // the mapping key this node is the value of, or null

    YamlNode(String file, String path, Node node) {
        this(file, path, node, null);
    }

    YamlNode(String file, String path, Node node, Node keyNode) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.keyNode = keyNode;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    ConfigException error(String problem) {
        return new ConfigException(file, line(), path, problem);
    }

    /** An error about the key itself (unknown, misspelt), reported at the key's line rather than its value's. */
    ConfigException keyError(String problem) {
        int line = keyNode != null ? keyNode.getStartMark().getLine() + 1 : line();
        return new ConfigException(file, line, path, problem);
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** Entries of a mapping in file order; keys as text. */
    Map<String, YamlNode> entries() {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping (key: value), got " + describe());
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new YamlNode(file, path, t.getKeyNode()).error("keys must be plain scalars");
            }
            String key = k.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (out.put(key, new YamlNode(file, childPath, t.getValueNode(), k)) != null) {
                throw new YamlNode(file, childPath, k).error("duplicate key '" + key + "'");
            }
        }
        return out;
    }

    List<YamlNode> items() {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list, got " + describe());
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", s.getValue().get(i)));
        }
        return out;
    }

    String text() {
        if (!(node instanceof ScalarNode s) || isNull()) {
            throw error("expected a single value, got " + describe());
        }
        return s.getValue();
    }

    /** The node as plain Java values: String, Long, Double, Boolean, null, List, Map. */
    Object value() {
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            String v = s.getValue();
            try {
                if (tag.equals(Tag.NULL)) {
                    return null;
                }
                if (tag.equals(Tag.BOOL)) {
                    return Boolean.parseBoolean(v.toLowerCase());
                }
                if (tag.equals(Tag.INT)) {
                    return Long.decode(v.replace("_", ""));
                }
                if (tag.equals(Tag.FLOAT)) {
                    return Double.parseDouble(v.replace("_", ""));
                }
            } catch (NumberFormatException e) {
                return v;
            }
            return v;
        }
        if (isList()) {
            List<Object> out = new ArrayList<>();
            for (YamlNode i : items()) {
                out.add(i.value());
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        entries().forEach((k, n) -> out.put(k, n.value()));
        return out;
    }

    String describe() {
        if (isNull()) {
            return "nothing";
        }
        if (node instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        return isList() ? "a list" : "a mapping";
    }
}
