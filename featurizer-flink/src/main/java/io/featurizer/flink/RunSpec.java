package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.offline.MergeOrder;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * What every task of a job needs to rebuild its part of the plan where it runs: the config's YAML and name, the
 * job's parallelism (routing keys depend on it), the merge order, and the range whose outputs are kept.
 */
record RunSpec(String configYaml, String configName, int parallelism, MergeOrder order, long lo, long hi) implements Serializable {

    FlinkPlan plan() {
        return FlinkPlan.of(FeaturizerConfig.parse(configYaml, configName), parallelism);
    }

    void write(DataOutput out) throws IOException {
        byte[] yaml = configYaml.getBytes(StandardCharsets.UTF_8);
        out.writeInt(yaml.length);
        out.write(yaml);
        out.writeUTF(configName);
        out.writeInt(parallelism);
        out.writeUTF(order.name());
        out.writeLong(lo);
        out.writeLong(hi);
    }

    static RunSpec read(DataInput in) throws IOException {
        byte[] yaml = new byte[in.readInt()];
        in.readFully(yaml);
        return new RunSpec(new String(yaml, StandardCharsets.UTF_8), in.readUTF(), in.readInt(), MergeOrder.valueOf(in.readUTF()),
                in.readLong(), in.readLong());
    }
}
