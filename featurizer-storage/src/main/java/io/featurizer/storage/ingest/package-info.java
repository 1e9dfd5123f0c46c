/**
 * Vendor ingest: streaming readers that turn downloaded vendor files into normalized core events.
 *
 * <ul>
 *   <li>{@link io.featurizer.storage.ingest.TardisReader}: Tardis CSV ({@code incremental_book_L2},
 *       {@code book_snapshot_N}, {@code trades}, {@code quotes}; {@code .csv} or {@code .csv.gz}).</li>
 *   <li>{@link io.featurizer.storage.ingest.CryptotickReader}: Cryptotick / CoinAPI flat files
 *       ({@code limitbook_full}, {@code trades}), the vendor the original svoe project ingested.</li>
 * </ul>
 *
 * Both are {@link io.featurizer.storage.ingest.VendorReader}s: {@code open(path, options)} reads the header
 * (and detects type and source from the file name and contents), {@code read(sink)} delivers each event with
 * its {@link io.featurizer.storage.ingest.VendorSource} and file line to an
 * {@link io.featurizer.storage.ingest.IngestSink}, and returns {@link io.featurizer.storage.ingest.IngestStats}.
 * {@link io.featurizer.storage.ingest.IngestOptions} choose strict (default) or lenient handling of bad rows
 * and override what is detected. Bad input is an {@link io.featurizer.storage.ingest.IngestException} naming
 * file, line, problem and what was expected.
 *
 * <p>The hot path is hand-written: a byte-level, eight-bytes-at-a-time line scanner over a buffered
 * (gzip) stream, cell parsers that read bytes in place, and an exact decimal-to-double parser
 * ({@link io.featurizer.core.text.Decimals}); no per-row allocation. Speed harness: {@code TardisIngestSpeed} in the tests.
 */
package io.featurizer.storage.ingest;
