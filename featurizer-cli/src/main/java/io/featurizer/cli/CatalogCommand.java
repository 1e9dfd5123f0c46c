package io.featurizer.cli;

import io.featurizer.core.event.Schema;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.storage.DataKind;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.catalog.DataSourceMetadata;
import io.featurizer.storage.catalog.FeatureMetadata;
import io.featurizer.storage.explore.StorageSql;
import io.featurizer.storage.record.Compactor;
import io.featurizer.storage.record.Compactors;
import io.featurizer.storage.record.StreamCompaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code featurizer catalog ls|show|verify}: what storage holds, and whether it is intact. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "List stored data sources and features, show one's blocks, or verify blocks against the catalog.",
        subcommands = {CatalogCommand.Ls.class, CatalogCommand.Show.class, CatalogCommand.Verify.class, CatalogCommand.Compact.class,
                CatalogCommand.Rehash.class})
final class CatalogCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List stored data sources and features with their view name, block count, events and time range.")
    static final class Ls implements Runnable {
        @Mixin
        StorageOptions storage;

        @Override
        public void run() {
            PrintStream out = System.out;
            try (Storage s = storage.openForReading()) {
                List<DataSourceMetadata> sources = s.catalog().dataSources();
                List<FeatureMetadata> features = s.catalog().features();
                Map<String, String> views = StorageSql.viewNames(s.catalog());
                int width = Math.max("NAME (sql view)".length(), views.values().stream().mapToInt(String::length).max().orElse(0));
                String format = "%-" + width + "s %-10s %-32s %7s %12s  %-24s %-24s%n";
                out.printf(format, "NAME (sql view)", "KIND", "KEY", "BLOCKS", "EVENTS", "FROM", "TO");
                for (DataSourceMetadata d : sources) {
                    row(out, format, views.get(d.key()), "data", d.key(), s.catalog().blocks(DataKind.DATA_SOURCE, d.key(), Long.MIN_VALUE, Long.MAX_VALUE));
                }
                for (FeatureMetadata f : features) {
                    row(out, format, views.get(f.key()), "feature", f.key(), s.catalog().blocks(DataKind.FEATURE, f.key(), Long.MIN_VALUE, Long.MAX_VALUE));
                }
                if (sources.isEmpty() && features.isEmpty()) {
                    out.println("(storage " + storage.root + " is empty: record with 'featurizer record' or load files with 'featurizer ingest')");
                }
            }
        }

        private static void row(PrintStream out, String format, String name, String kind, String key, List<BlockMetadata> blocks) {
            long events = 0, from = Long.MAX_VALUE, to = Long.MIN_VALUE;
            for (BlockMetadata b : blocks) {
                events += b.eventCount();
                from = Math.min(from, b.startTs());
                to = Math.max(to, b.endTs());
            }
            out.printf(Locale.ROOT, format, name, kind, key, blocks.size(), String.format(Locale.ROOT, "%,d", events),
                    blocks.isEmpty() ? "-" : VectorFormat.time(from), blocks.isEmpty() ? "-" : VectorFormat.time(to));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one data source or feature (by view name or key) and its blocks.")
    static final class Show implements Runnable {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "NAME|KEY", description = "A name from 'catalog ls' or a key.")
        String nameOrKey;

        @Override
        public void run() {
            PrintStream out = System.out;
            try (Storage s = storage.openForReading()) {
                Map<String, String> views = StorageSql.viewNames(s.catalog());
                Stream stream = Stream.find(s, views, nameOrKey, storage);
                DataKind kind = stream.kind();
                String key = stream.key();
                if (kind == DataKind.DATA_SOURCE) {
                    DataSourceMetadata d = s.catalog().dataSource(key).orElseThrow();
                    out.printf("data source %s%n  definition %s%n  exchange %s, instrument_type %s, symbol %s%n  key %s%n  params %s%n",
                            stream.name(), d.definition(), d.exchange(), d.instrumentType(), d.symbol(), d.key(), d.paramsJson());
                } else {
                    FeatureMetadata f = s.catalog().feature(key).orElseThrow();
                    out.printf("feature %s%n  definition %s%n  key %s%n  params %s%n  data sources %s%n",
                            stream.name(), f.definition(), f.key(), f.paramsJson(), f.dataSourceKeysJson());
                }
                List<BlockMetadata> blocks = s.catalog().blocks(kind, key, Long.MIN_VALUE, Long.MAX_VALUE);
                out.printf("%d blocks%n", blocks.size());
                for (BlockMetadata b : blocks) {
                    out.printf(Locale.ROOT, "  %s .. %s  %,10d events  %,12d bytes  %s%n", VectorFormat.time(b.startTs()), VectorFormat.time(b.endTs()),
                            b.eventCount(), b.sizeBytes(), s.store().describe(b.path()));
                }
            }
        }
    }

    /** A stored data source or feature: its kind, key and view name. */
    record Stream(DataKind kind, String key, String name, String definition) {
        /** Every stream in the catalog, data sources first. */
        static List<Stream> all(Storage s, Map<String, String> views) {
            List<Stream> all = new ArrayList<>();
            s.catalog().dataSources().forEach(d -> all.add(new Stream(DataKind.DATA_SOURCE, d.key(), views.get(d.key()), d.definition())));
            s.catalog().features().forEach(f -> all.add(new Stream(DataKind.FEATURE, f.key(), views.get(f.key()), f.definition())));
            return all;
        }

        /** The stored stream, with the schema its blocks were written with. */
        StreamId id(Storage s) {
            return StreamCompaction.stream(s, new StreamId(kind, definition, key, Schema.ofDoubles(definition)));
        }

        /** The stream with this view name or key; a user error naming the storage root if there is none. */
        static Stream find(Storage s, Map<String, String> views, String nameOrKey, StorageOptions storage) {
            return all(s, views).stream().filter(st -> st.key().equals(nameOrKey) || st.name().equals(nameOrKey)).findFirst()
                    .orElseThrow(() -> new FeaturizerCli.UserError("nothing named or keyed '" + nameOrKey + "' in the catalog of " + storage.root
                            + "; 'featurizer catalog ls' lists what is stored"));
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-read stored blocks and check each against its catalog row "
            + "(file present, decodes, same content hash). Exit code 1 if any block does not match.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "NAME|KEY", arity = "0..1", description = "A name from 'catalog ls' or a key (default: every data source and feature).")
        String nameOrKey;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            try (Storage s = storage.openForReading()) {
                Map<String, String> views = StorageSql.viewNames(s.catalog());
                List<Stream> streams = nameOrKey == null ? Stream.all(s, views) : List.of(Stream.find(s, views, nameOrKey, storage));
                long checked = 0, bad = 0, overlaps = 0, duplicates = 0;
                for (Stream st : streams) {
                    List<BlockMetadata> blocks = s.catalog().blocks(st.kind(), st.key(), Long.MIN_VALUE, Long.MAX_VALUE);
                    long badHere = 0;
                    for (BlockMetadata b : blocks) {
                        var problem = s.verify(b);
                        if (problem.isPresent()) {
                            out.println("MISMATCH " + st.name() + ": " + problem.get());
                            badHere++;
                        }
                    }
                    String layout = "";
                    if (badHere == 0 && !blocks.isEmpty()) {
                        StreamCompaction.Layout l = StreamCompaction.layout(s, st.id(s));
                        layout = (l.overlapping() == 0 ? "" : "; " + l.overlapping() + " overlap earlier blocks (reads merge them; 'featurizer catalog compact "
                                + st.name() + "' rewrites them apart)") + (l.duplicateEvents() == 0 ? "" : String.format(Locale.ROOT,
                                "; %,d duplicate events (stored more than once, read once)", l.duplicateEvents()));
                        overlaps += l.overlapping();
                        duplicates += l.duplicateEvents();
                    }
                    out.printf(Locale.ROOT, "%s: %,d blocks, %s%s%n", st.name(), blocks.size(), badHere == 0 ? "ok" : badHere + " do not match", layout);
                    checked += blocks.size();
                    bad += badHere;
                }
                out.printf(Locale.ROOT, "verified %,d blocks of %d streams: %s; %,d overlapping blocks, %,d duplicate events%n", checked, streams.size(),
                        bad == 0 ? "all match the catalog" : bad + " do not match the catalog", overlaps, duplicates);
                return bad == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "compact", mixinStandardHelpOptions = true, description = "Rewrite a stream's blocks into non-overlapping ones with the "
            + "same content (every event once, in stream order), swapped in one catalog transaction. Computed feature blocks are left alone.")
    static final class Compact implements Runnable {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "NAME|KEY", arity = "1", description = "A name from 'catalog ls' or a key.")
        String nameOrKey;

        @Option(names = "--compaction", defaultValue = "1h", description = "Block cut rule: " + Compactors.EXPECTED + " (default ${DEFAULT-VALUE}).")
        String compaction;

        @Override
        public void run() {
            Compactor compactor;
            try {
                compactor = Compactors.parse(compaction);
            } catch (IllegalArgumentException e) {
                throw new FeaturizerCli.UserError("--compaction: " + e.getMessage());
            }
            try (Storage s = storage.openExisting()) {
                Map<String, String> views = StorageSql.viewNames(s.catalog());
                Stream st = Stream.find(s, views, nameOrKey, storage);
                StreamId id = st.id(s);
                StreamCompaction.Layout before = StreamCompaction.layout(s, id);
                List<BlockMetadata> written = StreamCompaction.compact(s, id, compactor);
                System.out.printf(Locale.ROOT, "%s: %,d blocks (%d overlapping, %,d duplicate events) rewritten as %,d blocks of %,d events%n",
                        st.name(), before.blocks(), before.overlapping(), before.duplicateEvents(), written.size(), before.events());
            }
        }
    }

    @Command(name = "rehash", mixinStandardHelpOptions = true, description = "Migrate a store written before 2026-11-24: list every block "
            + "under the content hash of its file as it is now (the hash moved from the events' serialization to the encoded pages). "
            + "Run it only on a store known to be intact: it accepts whatever file is there.")
    static final class Rehash implements Runnable {
        @Mixin
        StorageOptions storage;

        @Override
        public void run() {
            PrintStream out = System.out;
            try (Storage s = storage.openExisting()) {
                Map<String, String> views = StorageSql.viewNames(s.catalog());
                long changed = 0, total = 0;
                for (Stream st : Stream.all(s, views)) {
                    for (BlockMetadata b : s.catalog().blocks(st.kind(), st.key(), Long.MIN_VALUE, Long.MAX_VALUE)) {
                        boolean covered = st.kind() == DataKind.FEATURE && b.compaction().equals(BatchCompute.CACHE_COMPACTION);
                        changed += s.rehash(b, covered).isPresent() ? 1 : 0;
                        total++;
                    }
                }
                out.printf(Locale.ROOT, "rehashed %,d of %,d blocks (the others already had their current hash)%n", changed, total);
            }
        }
    }
}
