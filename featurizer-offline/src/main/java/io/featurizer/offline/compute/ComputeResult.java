package io.featurizer.offline.compute;

/** A batch compute's table and its report. */
public record ComputeResult(FeatureTable table, ComputeReport report) {
}
