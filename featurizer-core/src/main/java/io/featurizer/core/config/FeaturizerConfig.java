package io.featurizer.core.config;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.graph.GraphSetup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded config in the original svoe format (DESIGN.md section 9), with its features already
 * built and checked. Load with {@link #load(Path)} or {@link #parse(String, String)}.
 *
 * @param source          file name (or label) the config came from, for messages
 * @param startNanos      {@code start_date} in ns since epoch (UTC), or null
 * @param endNanos        {@code end_date}, or null
 * @param labelFeature    index of {@code label_feature} in {@code feature_configs}, or null
 * @param labelLookaheadNanos {@code label_lookahead} in ns, or 0
 * @param featuresToStore indices of {@code features_to_store}
 * @param featureConfigs  the entries, with every {@code for_each} entry expanded into one per symbol (as if written by hand)
 * @param features        one built feature per entry, same order
 * @param universes       the config's {@code universe:} (symbols resolved), empty when it has none
 */
public record FeaturizerConfig(
        String source,
        Long startNanos,
        Long endNanos,
        Integer labelFeature,
        long labelLookaheadNanos,
        List<Integer> featuresToStore,
        List<FeatureConfig> featureConfigs,
        List<Feature> features,
        OrderingConfig ordering,
        List<Universe> universes) implements GraphSetup {

    /** Loads a config; a universe's {@code symbols: '*'} is an error (there is no venue listing to resolve it). */
    public static FeaturizerConfig load(Path file) {
        return ConfigLoader.load(file, SymbolListing.NONE);
    }

    /** Loads a config, resolving {@code symbols: '*'} through {@code listing} (storage's or the simulator's). */
    public static FeaturizerConfig load(Path file, SymbolListing listing) {
        return ConfigLoader.load(file, listing);
    }

    public static FeaturizerConfig parse(String yaml, String sourceName) {
        return ConfigLoader.parse(yaml, sourceName, SymbolListing.NONE);
    }

    public static FeaturizerConfig parse(String yaml, String sourceName, SymbolListing listing) {
        return ConfigLoader.parse(yaml, sourceName, listing);
    }

    /** Sets the config's {@code ordering} and {@code output} options on a graph builder. */
    @Override
    public void applyTo(FeatureStreamGraph.Builder builder) {
        ordering.applyTo(builder);
    }

    /** The label twin of the configured label feature, if one is configured. */
    public Optional<Feature> label() {
        return labelFeature == null ? Optional.empty() : Optional.of(Feature.makeLabel(features.get(labelFeature)));
    }

    /** The features listed in {@code features_to_store}. */
    public List<Feature> featuresToStoreList() {
        return featuresToStore.stream().map(features::get).toList();
    }

    /** The configured feature with this display name. */
    public Feature feature(String name) {
        for (Feature f : features) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no feature named '" + name + "' in " + source + "; features: "
                + features.stream().map(Feature::name).toList());
    }
}
