package io.featurizer.serve;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureGroup;
import io.featurizer.core.text.NearestName;
import io.featurizer.offline.StoredStream;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.storage.Storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What each feature of a config was at an instant, over storage (the backfilled side of {@code GET /v1/features?at=}):
 * the feature's last output timed at or before {@code at} (exchange time), never one after it; none when the
 * feature had no output yet. "Last" is in the input order of a replay, so the answer is the value a replay (or
 * {@code compute}) shows right after its last input timed at or before {@code at}.
 *
 * <p>One mechanism: the values come from {@link BatchCompute} over the stored data, the reader {@code compute},
 * {@code plot} and {@code replay} share, which reads stored feature blocks where they cover the range and replays the
 * stored inputs otherwise. A lookup computes a short range ending at {@code at} (its features' lookback is replayed
 * first, so the values equal a replay from the beginning) and widens it, eight times at each step, until the feature
 * has an output in it or the range reaches the first stored input: a lookup costs about the data since the feature's
 * last output, not the whole store.
 *
 * <p>Thread-safe when the storage is (concurrent reads are).
 */
public final class PointInTimeLookup {
    /** The first range a lookup computes before widening. */
    private static final long FIRST_RANGE_NANOS = 60_000_000_000L;

    /**
     * One feature's value at the instant: the output's times and its fields by column name ({@code {name}-{field}}:
     * Double, Long or double[]; a NaN double is kept as NaN).
     */
    public record Value(String feature, long timestamp, long receiptTimestamp, Map<String, Object> fields) {
    }

    /** No feature of that name in the config. */
    public static final class UnknownFeatureException extends IllegalArgumentException {
        UnknownFeatureException(String message) {
            super(message);
        }
    }

    private final Storage storage;
    private final FeaturizerConfig config;
    private final Map<String, Feature> byName = new LinkedHashMap<>();

    public PointInTimeLookup(Storage storage, FeaturizerConfig config) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.config = Objects.requireNonNull(config, "config");
        for (Feature f : config.features()) {
            byName.putIfAbsent(f.name(), f);
        }
    }

    /** The config's feature names, in config order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The value of each named feature at {@code at} (ns since the epoch), in the order asked; a feature with no output
     * at or before {@code at} maps to null.
     *
     * @throws UnknownFeatureException when a name is not a feature of the config (the message names the nearest)
     * @throws io.featurizer.offline.compute.MissingDataException when storage holds none of a feature's inputs
     */
    public Map<String, Value> at(long at, List<String> names) {
        List<Feature> features = new ArrayList<>();
        for (String name : names) {
            Feature f = byName.get(name);
            if (f == null) {
                throw new UnknownFeatureException("no feature '" + name + "'" + NearestName.suggestion(name, byName.keySet())
                        + " (features: " + String.join(", ", byName.keySet()) + ")");
            }
            features.add(f);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        for (Feature f : features) {
            values.put(f.name(), valueAt(f, at));
        }
        return values;
    }

    private Value valueAt(Feature feature, long at) {
        List<Feature> sources = FeatureGroup.sourcesOf(List.of(feature));
        long[] stored = StoredStream.span(storage, sources);
        if (stored[0] > stored[1]) {
            throw new io.featurizer.offline.compute.MissingDataException("storage holds no inputs of feature '" + feature.name()
                    + "': record or ingest them first");
        }
        if (at < stored[0]) {
            return null; // before the first stored input
        }
        long to = Math.min(at, stored[1]);
        for (long range = FIRST_RANGE_NANOS; ; range = range > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : range * 8) {
            long from = to - range < stored[0] || to - range > to ? stored[0] : to - range; // saturating at the first input
            FeatureTable table = BatchCompute.of(storage, config, List.of(feature)).parallelism(1).run(from, to).table();
            if (table.rowCount() > 0) {
                return value(feature, table, table.rowCount() - 1);
            }
            if (from == stored[0]) {
                return null; // no output at or before `at` in all the stored data
            }
        }
    }

    private static Value value(Feature feature, FeatureTable table, int row) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String column : feature.columnNames()) {
            int c = table.column(column);
            FieldType type = table.columnType(c);
            fields.put(column, type == FieldType.LONG ? (Object) table.getLong(row, c)
                    : type == FieldType.DOUBLE_ARRAY ? table.getArray(row, c) : (Object) table.getDouble(row, c));
        }
        return new Value(feature.name(), table.timestamp(row), table.receiptTimestamp(row), fields);
    }
}
