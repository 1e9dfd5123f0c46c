/**
 * Batch compute (Kappa, DESIGN.md section 7): feature tables and feature-label sets computed from storage by
 * replaying the same definitions as live.
 *
 * <ul>
 *   <li>{@link io.featurizer.offline.compute.BatchCompute}: the Java API behind {@code featurizer compute}; a config
 *       (or features and a label) and a range in, a {@link io.featurizer.offline.compute.FeatureTable} and a
 *       {@link io.featurizer.offline.compute.ComputeReport} out.</li>
 *   <li>{@link io.featurizer.offline.compute.FeatureTable}: the in-memory table (rows, typed columns, nulls) and
 *       its Parquet writer.</li>
 *   <li>{@link io.featurizer.offline.compute.ComputeProgress}: how far a running compute is, for progress bars.</li>
 *   <li>Package-private: the chunk plan and chunk runs (each chunk warms up, seeds book and ticker state and runs
 *       a tail, so the result equals one sequential replay), the point-in-time join and labels, the
 *       {@code features_to_store} cache; all described on {@code BatchCompute}.</li>
 * </ul>
 */
package io.featurizer.offline.compute;
