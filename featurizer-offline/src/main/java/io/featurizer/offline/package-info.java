/**
 * Offline replay of storage (DESIGN.md sections 4 and 7): the same feature code on history as live.
 *
 * <ul>
 *   <li>{@link io.featurizer.offline.OfflineEventEmitter}: a
 *       {@link io.featurizer.core.emitter.DataSourceEventEmitter} that replays stored data sources into any
 *       graph, as fast as possible or paced to event time × a speed factor, with a simulated clock.</li>
 *   <li>{@link io.featurizer.offline.OfflineFeatureStreamGenerator}: a pull-based iterator (and
 *       stream) of combined feature vectors computed from storage; {@code split(n)} cuts it into time shards.</li>
 *   <li>{@link io.featurizer.offline.StoredInputMerge}: the one input order both replay, chosen by
 *       {@link io.featurizer.offline.MergeOrder}: the recorder's global ingestion sequence for
 *       recorded data (the exact live order), or time, source rank and stored order for ingested data.</li>
 * </ul>
 */
package io.featurizer.offline;
