package io.featurizer.storage.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A segment file of a journal directory, {@code journal-{firstSequence, 20 digits}.log}. */
record SegmentFile(Path path, long firstSequence) {
    private static final Pattern NAME = Pattern.compile("journal-(\\d{20})\\.log");
    static final String TEMP_SUFFIX = ".tmp";

    static String fileName(long firstSequence) {
        return String.format("journal-%020d.log", firstSequence);
    }

    static SegmentFile in(Path dir, long firstSequence) {
        return new SegmentFile(dir.resolve(fileName(firstSequence)), firstSequence);
    }

    /** The segments of {@code dir}, oldest first; other files are ignored. */
    static List<SegmentFile> list(Path dir) throws IOException {
        List<SegmentFile> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "journal-*.log")) {
            for (Path p : files) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(new SegmentFile(p, Long.parseLong(m.group(1))));
                }
            }
        }
        out.sort(Comparator.comparingLong(SegmentFile::firstSequence));
        return out;
    }

    /** Segments a crash left half created (they never held an accepted event). */
    static void deleteTemporaries(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "journal-*.log" + TEMP_SUFFIX)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }
}
