package io.featurizer.core.feature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A feature group: features connected through shared data sources (DESIGN.md sections 3 and 8). Groups share
 * nothing, so each runs in a graph of its own (a thread, a Flink key) and gives the same outputs as inside one
 * graph over all features: event-time ordering, too, holds each group back only by its own sources.
 *
 * @param index       the group's position in {@link #of}'s answer
 * @param features    its features, in the order given
 * @param dataSources its data sources, in the order a graph over all the features ranks them
 */
public record FeatureGroup(int index, List<Feature> features, List<Feature> dataSources) {
    public FeatureGroup {
        features = List.copyOf(features);
        dataSources = List.copyOf(dataSources);
    }

    /** The groups of {@code features}: ordered by their first feature; sources by first use, depth first, as a graph ranks them. */
    public static List<FeatureGroup> of(List<Feature> features) {
        List<Feature> distinct = List.copyOf(new LinkedHashSet<>(features));
        List<Feature> sources = sourcesOf(distinct);
        int[] parent = new int[sources.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (Feature f : distinct) {
            List<Feature> own = f.dataSources();
            for (int i = 1; i < own.size(); i++) {
                union(parent, sources.indexOf(own.get(0)), sources.indexOf(own.get(i)));
            }
        }
        Map<Integer, List<Feature>> featuresByRoot = new LinkedHashMap<>();
        for (Feature f : distinct) {
            int root = find(parent, sources.indexOf(f.dataSources().get(0)));
            featuresByRoot.computeIfAbsent(root, k -> new ArrayList<>()).add(f);
        }
        List<FeatureGroup> groups = new ArrayList<>();
        for (Map.Entry<Integer, List<Feature>> g : featuresByRoot.entrySet()) {
            List<Feature> own = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                if (find(parent, i) == g.getKey()) {
                    own.add(sources.get(i));
                }
            }
            groups.add(new FeatureGroup(groups.size(), g.getValue(), own));
        }
        return List.copyOf(groups);
    }

    /** The data sources of {@code features} in the order a graph over them ranks its inputs (first use, depth first). */
    public static List<Feature> sourcesOf(List<Feature> features) {
        LinkedHashSet<Feature> sources = new LinkedHashSet<>();
        for (Feature f : features) {
            sources.addAll(f.dataSources());
        }
        return List.copyOf(sources);
    }

    /** For each of {@code sources} (a graph's inputs over {@code features}), the index of its group in {@link #of}. */
    public static int[] groupOfSources(List<Feature> features, List<Feature> sources) {
        List<FeatureGroup> groups = of(features);
        int[] out = new int[sources.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = -1;
            for (FeatureGroup g : groups) {
                if (g.dataSources().contains(sources.get(i))) {
                    out[i] = g.index();
                }
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException(sources.get(i) + " is not a data source of " + features);
            }
        }
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
