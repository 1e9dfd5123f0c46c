package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureGroup;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The manager of the original (FeaturizerStreamManagerActor) as a plan: a config's features become feature groups
 * (features connected through shared data sources), each group one key of the Flink job, hosted by a
 * {@link GroupWorker}. Data sources keep the rank a graph over all the features gives them, so every group
 * positions its inputs as one graph would (ties between sources of different groups never meet).
 *
 * <p>Keys are spread over the job's parallelism: each group gets a routing key in its own, evenly spaced key group
 * (of {@link #MAX_PARALLELISM}), so a universe of symbols fills every slot instead of hashing several groups onto one.
 * The keys do not depend on the parallelism: rescaling keeps them, and Flink moves whole key groups, state included.
 */
public final class FlinkPlan {
    /** Key groups of every job (Flink's max parallelism): fixed, so savepoints restore at any parallelism up to it. */
    public static final int MAX_PARALLELISM = 128;

    private final FeaturizerConfig config;
    private final int parallelism;
    private final List<Feature> outputs;
    private final List<Feature> sources;
    private final List<FeatureGroup> groups;
    private final int[] groupOfSource;
    private final int[] routes;

    private FlinkPlan(FeaturizerConfig config, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM + ", got " + parallelism);
        }
        this.config = config;
        this.parallelism = parallelism;
        this.outputs = List.copyOf(new LinkedHashSet<>(config.features()));
        this.groups = FeatureGroup.of(outputs);
        this.sources = FeatureGroup.sourcesOf(outputs);
        this.groupOfSource = FeatureGroup.groupOfSources(outputs, sources);
        this.routes = routes(groups.size());
    }

    public static FlinkPlan of(FeaturizerConfig config, int parallelism) {
        return new FlinkPlan(config, parallelism);
    }

    /**
     * Routing key per group: the smallest unused key in key group {@code g * MAX_PARALLELISM / groups}. Key groups
     * evenly spaced over all of them spread evenly over any parallelism (Flink gives each subtask a contiguous range of
     * key groups), and the keys do not depend on the parallelism, so a savepoint restores at another one.
     */
    private static int[] routes(int groups) {
        int[] out = new int[groups];
        Set<Integer> used = new HashSet<>();
        for (int g = 0; g < groups; g++) {
            int target = groups <= MAX_PARALLELISM ? (int) ((long) g * MAX_PARALLELISM / groups) : g % MAX_PARALLELISM;
            int k = 0;
            while (used.contains(k) || KeyGroupRangeAssignment.assignToKeyGroup(k, MAX_PARALLELISM) != target) {
                k++;
            }
            used.add(k);
            out[g] = k;
        }
        return out;
    }

    public FeaturizerConfig config() {
        return config;
    }

    public int parallelism() {
        return parallelism;
    }

    /** The distinct configured features, in config order: output index = position here. */
    public List<Feature> outputs() {
        return outputs;
    }

    /** Every data source, in rank order (a graph over all the features ranks them so). */
    public List<Feature> sources() {
        return sources;
    }

    public List<FeatureGroup> groups() {
        return groups;
    }

    /** The group reading the source of this rank. */
    public FeatureGroup groupOfSource(int rank) {
        return groups.get(groupOfSource[rank]);
    }

    /** The key a group's records are routed by. */
    public int route(FeatureGroup group) {
        return routes[group.index()];
    }

    /**
     * The subtask of an operator at {@code parallelism} whose key groups hold the source's group: where the storage
     * source reads it, so the source's records reach that group's worker without a shuffle.
     */
    public int ownerOfSource(int rank, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(routes[groupOfSource[rank]], MAX_PARALLELISM, parallelism);
    }

    /** The group with this routing key. */
    public FeatureGroup groupOfRoute(int route) {
        for (int g = 0; g < routes.length; g++) {
            if (routes[g] == route) {
                return groups.get(g);
            }
        }
        throw new IllegalArgumentException("no feature group has routing key " + route + " (this job's keys: " + java.util.Arrays.toString(routes) + ")");
    }

    /** Ranks (in {@link #sources()}) of a group's sources, in the group's order. */
    public int[] ranks(FeatureGroup group) {
        return group.dataSources().stream().mapToInt(sources::indexOf).toArray();
    }

    /** The plan as {@code featurizer flink plan} prints it. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("Flink job for ").append(config.source()).append(": ").append(groups.size()).append(" feature group")
                .append(groups.size() == 1 ? "" : "s").append(" (keys) over ").append(sources.size()).append(" data source")
                .append(sources.size() == 1 ? "" : "s").append(", parallelism ").append(parallelism)
                .append(", time ").append(config.ordering().timeField().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        for (FeatureGroup g : groups) {
            b.append("  group ").append(g.index()).append(" -> key ").append(routes[g.index()]).append(", subtask ")
                    .append(KeyGroupRangeAssignment.assignKeyToParallelOperator(routes[g.index()], MAX_PARALLELISM, parallelism))
                    .append('\n');
            for (Feature s : g.dataSources()) {
                b.append("    source ").append(sources.indexOf(s)).append("  ").append(s.dataSourceId()).append('\n');
            }
            for (Feature f : g.features()) {
                b.append("    feature   ").append(f.name()).append("  (").append(f.definition().name()).append(")\n");
            }
        }
        return b.toString();
    }
}
