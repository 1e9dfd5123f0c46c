package io.featurizer.storage.ingest;

/**
 * What an ingest does where storage already holds data of the file's streams (anchors: QuestDB's dedup upsert
 * keys, ArcticDB's append vs update).
 */
public enum IngestMode {
    /**
     * The default: adds the file's events that are not stored yet. An event equal in every stored field to one
     * already stored (times and values; not the sequence, a line number) is skipped and counted, so re-ingesting
     * a file, under any compaction, after a lenient run or from an overlapping file, adds nothing twice.
     */
    APPEND,
    /**
     * Replaces each stream's data in the file's time range (its first to last event time) by the file's events,
     * atomically: the new blocks are written unlisted, then one catalog transaction lists them and unlists the
     * blocks they replace (blocks reaching outside the range are rewritten without the replaced part). A reader
     * sees the old data or the new, never a mix; an ingest that fails changes nothing.
     */
    REPLACE;

    /** Parses {@code append} or {@code replace} (any case), naming both when it is neither. */
    public static IngestMode parse(String text) {
        for (IngestMode m : values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown ingest mode '" + text + "': expected append or replace");
    }
}
