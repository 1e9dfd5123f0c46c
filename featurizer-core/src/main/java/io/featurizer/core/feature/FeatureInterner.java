package io.featurizer.core.feature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shares identical subtrees: returns one instance per key, so a feature set forms a DAG. */
public final class FeatureInterner {
    private final Map<String, Feature> byKey = new HashMap<>();

    /** The shared instance for this feature's key, rebuilt over shared children; a user name on {@code f} is kept. */
    public Feature intern(Feature f) {
        Feature existing = byKey.get(f.key());
        if (existing != null) {
            return f.hasUserName() && !existing.hasUserName() ? remember(f) : existing;
        }
        List<Feature> children = new ArrayList<>();
        for (Feature c : f.children()) {
            children.add(intern(c));
        }
        return remember(f, children);
    }

    private Feature remember(Feature f) {
        byKey.put(f.key(), f);
        return f;
    }

    private Feature remember(Feature f, List<Feature> sharedChildren) {
        Feature shared = f;
        if (!f.isDataSource() && !sameInstances(f.children(), sharedChildren)) {
            shared = Feature.of((FeatureDefinition) f.definition(), f.params(), sharedChildren);
            if (f.hasUserName()) {
                shared = shared.named(f.name());
            }
        }
        return remember(shared);
    }

    private static boolean sameInstances(List<Feature> a, List<Feature> b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
