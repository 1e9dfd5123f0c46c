package io.featurizer.offline.compute;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.BlockMerge;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Computed feature outputs kept in storage ({@code features_to_store}) and reused by later computes, only
 * while the data they were computed from is unchanged.
 *
 * <p><b>Writing.</b> After a compute over {@code [from, to]}, a stored feature's outputs timed in that range
 * are written as one feature block of compaction {@value #COMPACTION} whose catalog range is the computed
 * range itself ({@link Storage#putBlock}), not its first and last output: the block says "these are all the
 * outputs in [from, to]". Each output keeps the position of the input that emitted it (columns
 * {@value #INPUT_TIME} and {@value #INPUT_ORDER}), so the point-in-time join of a later compute places it
 * exactly as a replay would. Writes are idempotent.
 *
 * <p><b>Lineage.</b> The catalog records, with the block, the input blocks it was computed from (every block of
 * its data sources the compute read for the range: from the last block starting before the warm-up, for the
 * book and ticker state, to the first block after the range, for outputs emitted after their time) and the
 * run's input order; a digest of both is the block's lineage. Ingesting or recording into that span, a
 * replace, a compaction or another ordering changes the digest.
 *
 * <p><b>Reuse rule.</b> A compute of a feature over {@code [from, to]} reuses a stored block when one block of
 * compaction {@value #COMPACTION} with the same feature key (same definition, params and children) covers the
 * whole range ({@code start <= from && to <= end}) and its recorded lineage equals the lineage computed now.
 * A covering block with another lineage is stale: the feature is recomputed, the report says so, and storing
 * the new outputs removes the stale blocks. Blocks are not stitched together, and a range with no output at
 * all stores nothing (so it is recomputed).
 */
public final class FeatureCache {
    /** The compaction name of computed feature blocks. */
    public static final String COMPACTION = "compute";
    /** Columns added to a computed block: the emitting input's position ({@link InputPosition}). */
    static final String INPUT_TIME = "input_time";
    static final String INPUT_ORDER = "input_order";

    /** What a look-up found: the stored outputs, or none; {@code stale} when a covering block exists whose inputs changed. */
    record Lookup(Optional<FeatureSeries> series, boolean stale) {
    }

    private final Storage storage;
    private final String run;

    /** @param run the run's input order and ordering options: part of every lineage */
    FeatureCache(Storage storage, String run) {
        this.storage = storage;
        this.run = run;
    }

    /** The stored outputs of {@code feature} timed in {@code [from, to]}, when a computed block with the current lineage covers the range. */
    Lookup lookup(Feature feature, long from, long to) {
        StreamId stream = stream(feature);
        boolean stale = false;
        for (BlockMetadata b : storage.blocks(stream, from, to)) {
            if (!b.compaction().equals(COMPACTION) || b.startTs() > from || b.endTs() < to) {
                continue;
            }
            Optional<String> recorded = storage.catalog().lineage(b);
            if (recorded.isPresent() && !sameRun(recorded.get())) {
                continue; // computed in another input order: not this run's to reuse or replace
            }
            if (isStale(feature, b)) {
                stale = true;
                continue;
            }
            return new Lookup(Optional.of(read(feature, stream, b, from, to)), false);
        }
        return new Lookup(Optional.empty(), stale);
    }

    private FeatureSeries read(Feature feature, StreamId stream, BlockMetadata b, long from, long to) {
        FeatureSeries s = new FeatureSeries(feature.schema());
        int fields = feature.schema().size();
        FeatureEvent out = new FeatureEvent(feature.schema());
        try (BlockMerge c = new BlockMerge(storage, stream, List.of(b), from, to, false)) {
            while (c.next()) {
                out.copyFrom(c.current());
                s.append(out, c.current().getLong(fields), c.current().getLong(fields + 1));
            }
        }
        return s;
    }

    /** Stores the outputs (all timed in {@code [from, to]}) as the block covering that range, with its lineage; false when there was nothing to write. */
    boolean store(Feature feature, FeatureSeries outputs, long from, long to) {
        if (outputs.size() == 0) {
            return false;
        }
        storage.register(feature);
        StreamId stream = stream(feature);
        List<FeatureEvent> events = blockEvents(feature, outputs);
        long[] sequences = new long[outputs.size()];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = i;
        }
        Lineage lineage = lineage(feature, from, to);
        BlockMetadata block = storage.putBlock(stream, COMPACTION, events, sequences, from, to);
        storage.catalog().setLineage(block, lineage.digest(), lineage.inputsJson());
        List<BlockMetadata> stale = new ArrayList<>();
        for (BlockMetadata b : storage.blocks(stream, from, to)) {
            if (b.compaction().equals(COMPACTION) && !b.hash().equals(block.hash()) && isStale(feature, b)) {
                stale.add(b);
            }
        }
        if (!stale.isEmpty()) {
            storage.remove(stale);
        }
        return true;
    }

    /**
     * True when a computed block of this run's order has a recorded lineage other than the lineage of its range now
     * (or none: a store from before lineage was recorded).
     */
    private boolean isStale(Feature feature, BlockMetadata block) {
        Optional<String> recorded = storage.catalog().lineage(block);
        if (recorded.isPresent() && !sameRun(recorded.get())) {
            return false;
        }
        return !recorded.map(lineage(feature, block.startTs(), block.endTs()).digest()::equals).orElse(false);
    }

    private boolean sameRun(String recordedLineage) {
        return recordedLineage.startsWith(sha256(run) + ":");
    }

    /** Copies times and every field of {@code from} into the same-numbered fields of {@code to}, which has more. */
    /** A feature's outputs as the events of its computed blocks: its fields, then {@code input_time} and {@code input_order}. */
    public static List<FeatureEvent> blockEvents(Feature feature, FeatureSeries outputs) {
        Schema schema = stream(feature).schema();
        int fields = feature.schema().size();
        List<FeatureEvent> events = new ArrayList<>(outputs.size());
        FeatureEvent scratch = new FeatureEvent(feature.schema());
        for (int i = 0; i < outputs.size(); i++) {
            outputs.read(i, scratch);
            FeatureEvent e = new FeatureEvent(schema);
            copyFields(scratch, e);
            e.setLong(fields, outputs.inputTime(i));
            e.setLong(fields + 1, outputs.inputOrder(i));
            events.add(e);
        }
        return events;
    }

    private static void copyFields(FeatureEvent from, FeatureEvent to) {
        to.setTimes(from.ts(), from.receiptTs());
        Schema s = from.schema();
        for (int f = 0; f < s.size(); f++) {
            switch (s.type(f)) {
                case DOUBLE -> to.set(f, from.getDouble(f));
                case LONG -> to.setLong(f, from.getLong(f));
                case DOUBLE_ARRAY -> {
                    int n = from.arrayLength(f);
                    System.arraycopy(from.getArray(f), 0, to.arrayForWrite(f, n), 0, n);
                }
            }
        }
    }

    /** A feature's computed blocks: its outputs plus the emitting input's position. */
    /** The stream of a feature's computed blocks (its fields, then the input position). */
    public static StreamId stream(Feature feature) {
        Schema.Builder b = Schema.builder(feature.schema().name());
        for (Schema.Field f : feature.schema().fields()) {
            b.add(f.name(), f.type());
        }
        b.add(INPUT_TIME, FieldType.LONG).add(INPUT_ORDER, FieldType.LONG);
        StreamId plain = StreamId.of(feature);
        return new StreamId(plain.kind(), plain.definition(), plain.key(), b.build());
    }

    /** The lineage ({@code sha256(run):sha256(inputs)}) and, for people, the input blocks listed. */
    record Lineage(String digest, String inputsJson) {
    }

    /** The input blocks a compute of {@code feature} over {@code [from, to]} reads, and the run: see the class comment. */
    Lineage lineage(Feature feature, long from, long to) {
        long warmUp = feature.totalLookbackNanos();
        long rs = from - warmUp > from ? Long.MIN_VALUE : from - warmUp;
        TreeSet<String> inputs = new TreeSet<>();
        for (Feature source : feature.dataSources()) {
            StreamId s = StreamId.of(source);
            long start = rs;
            if (rs != Long.MIN_VALUE) {
                long lastStart = Long.MIN_VALUE;
                for (BlockMetadata b : storage.blocks(s, Long.MIN_VALUE, rs - 1)) {
                    lastStart = Math.max(lastStart, b.startTs()); // book and ticker state before the warm-up is folded from there
                }
                start = Math.min(start, lastStart == Long.MIN_VALUE ? rs : lastStart);
            }
            for (BlockMetadata b : storage.blocks(s, start, to)) {
                inputs.add(s.kind().folder() + "/" + s.key() + "/" + b.hash());
            }
            for (BlockMetadata b : storage.blocks(s, to == Long.MAX_VALUE ? to : to + 1, Long.MAX_VALUE)) {
                if (b.startTs() > to) {
                    inputs.add(s.kind().folder() + "/" + s.key() + "/" + b.hash()); // the first block after the range: its first events end bars
                    break;
                }
            }
        }
        StringBuilder json = new StringBuilder("[");
        for (String i : inputs) {
            json.append(json.length() == 1 ? "" : ",").append('"').append(i).append('"');
        }
        json.append(']');
        return new Lineage(sha256(run) + ":" + sha256(json.toString()), json.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
