package io.featurizer.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Where a block lives in the store:
 * {@code {data_sources|features}/{definition}/{key}/{compaction}/{YYYY-MM-DD}/{start}-{end}-{hash}.parquet}
 * (the day is the UTC day of the block's start). Every segment is checked against a strict pattern, so
 * a hostile name (a symbol like {@code ../x}, a slash, a NUL) can never make a path leave the storage root.
 */
public final class StorageLayout {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._=-]{0,127}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{8,64}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private StorageLayout() {
    }

    /** The store key of a block. */
    public static String blockKey(DataKind kind, String definition, String key, String compaction, long startTs, long endTs,
                                  String hash) {
        if (endTs < startTs) {
            throw new IllegalArgumentException("block end " + endTs + " is before its start " + startTs);
        }
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("block hash '" + hash + "' is not lowercase hex");
        }
        return kind.folder() + '/' + segment("definition", definition) + '/' + segment("key", key) + '/'
                + segment("compaction", compaction) + '/' + day(startTs) + '/' + startTs + '-' + endTs + '-' + hash + ".parquet";
    }

    /** The UTC day (YYYY-MM-DD) of a nanosecond timestamp. */
    public static String day(long tsNanos) {
        return DAY.format(Instant.ofEpochSecond(Math.floorDiv(tsNanos, 1_000_000_000L)));
    }

    /** Returns {@code value} if it is a safe path segment, else throws naming what was wrong. */
    public static String segment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(what + " '" + value + "' cannot be used in a storage path: expected letters, digits, "
                    + "'_', '.', '=' or '-' (at most 128, not starting with '.' or '-', no '..')");
        }
        return value;
    }

    /** Rejects a store key that is absolute or has an empty, '.' or '..' segment; adapters call this before touching storage. */
    public static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("storage key '" + key + "' is not a relative '/'-separated path");
        }
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("storage key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        return key;
    }
}
