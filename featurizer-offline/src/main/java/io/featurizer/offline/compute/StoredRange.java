package io.featurizer.storage.compute;

import io.featurizer.core.feature.Feature;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.BlockLayout;
import io.featurizer.storage.catalog.BlockMetadata;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** What storage holds of a set of data sources over time: the stored span, and the last input time in a range. */
final class StoredRange {
    private StoredRange() {
    }

    /** {@code {first, last}} stored event time over the sources' blocks; {@code first > last} when nothing is stored. */
    static long[] span(Storage storage, List<Feature> sources) {
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (Feature f : sources) {
            for (BlockMetadata b : storage.blocks(StreamId.of(f), Long.MIN_VALUE, Long.MAX_VALUE)) {
                lo = Math.min(lo, b.startTs());
                hi = Math.max(hi, b.endTs());
            }
        }
        return new long[] {lo, hi};
    }

    /**
     * The latest time of a stored input event of any of the sources with {@code from <= ts <= to}, or
     * {@code Long.MIN_VALUE} when there is none. Asks DuckDB for {@code max(timestamp)} of the last blocks in
     * range (row-group statistics answer most of it), skipping blocks that end before the latest time found.
     */
    static long lastInputTime(Storage storage, List<Feature> sources, long from, long to) {
        long last = Long.MIN_VALUE;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement max = c.prepareStatement("SELECT max(\"" + BlockLayout.TIMESTAMP + "\") FROM read_parquet(?) WHERE \""
                     + BlockLayout.TIMESTAMP + "\" BETWEEN ? AND ?")) {
            for (Feature f : sources) {
                List<BlockMetadata> blocks = storage.blocks(StreamId.of(f), from, to);
                for (int i = blocks.size() - 1; i >= 0; i--) {
                    if (Math.min(blocks.get(i).endTs(), to) <= last) {
                        continue; // nothing in this block can be later than what is known
                    }
                    Path file = storage.fetch(blocks.get(i));
                    max.setString(1, file.toAbsolutePath().toString());
                    max.setLong(2, from);
                    max.setLong(3, to);
                    try (ResultSet r = max.executeQuery()) {
                        r.next();
                        long t = r.getLong(1);
                        if (!r.wasNull()) {
                            last = Math.max(last, t);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the last input time in [" + from + ", " + to + "] from storage: " + e.getMessage(), e);
        }
        return last;
    }
}
