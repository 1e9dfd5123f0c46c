package io.featurizer.flink;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What a job's feature groups give: every feature output, and (when asked for) the combined vectors, one JSON line per
 * input as {@code featurizer replay} writes them ({@link io.featurizer.offline.VectorJsonLines}), in the run's order.
 *
 * @param vectors null unless the job was built with vectors
 */
public record JobOutputs(DataStream<FeatureOutput> features, DataStream<String> vectors) {
    /** Runs the job and prints each combined vector as it arrives, one JSON line each; returns how many. */
    public long printVectors(String jobName, java.io.PrintStream out) throws Exception {
        long printed = 0;
        try (org.apache.flink.util.CloseableIterator<String> it = vectors.executeAndCollect(jobName)) {
            while (it.hasNext()) {
                out.println(it.next());
                printed++;
            }
        }
        return printed;
    }
}
