package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.offline.MergeOrder;

import java.io.Serializable;

/**
 * What every task of a job needs to rebuild its part of the plan where it runs: the config's YAML and name, the
 * job's parallelism (routing keys depend on it), the merge order, and the range whose outputs are kept.
 */
record RunSpec(String configYaml, String configName, int parallelism, MergeOrder order, long lo, long hi) implements Serializable {

    FlinkPlan plan() {
        return FlinkPlan.of(FeaturizerConfig.parse(configYaml, configName), parallelism);
    }
}
