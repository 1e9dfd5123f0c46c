package io.featurizer.core.config;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code feature_configs}: a definition name, an optional display name, the
 * positional data source params (one per data-source leaf, in traversal order), feature params
 * keyed by depth (0 = this feature, 1 = its children, ...) and {@code deps} (names or indices of
 * other configured features, for transforms).
 */
public record FeatureConfig(
        String definition,
        String name,
        List<Map<String, Object>> dataSourceParams,
        Map<Integer, Map<String, Object>> featureParams,
        List<Object> deps) {
}
