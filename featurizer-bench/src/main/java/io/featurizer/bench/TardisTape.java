package io.featurizer.bench;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.ingest.IngestOptions;
import io.featurizer.storage.ingest.TardisReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tardis CSV files (an {@code incremental_book_L2} and a {@code trades} file of one symbol) read
 * through the project's own {@link TardisReader}, merged by receipt time ({@code local_timestamp};
 * ties: book first, the book source's rank) and kept in compact primitive columns. {@link #decode}
 * fills one reused {@link BookUpdate} or {@link Trade} per event, as a feed handler's parser fills
 * its flyweight, so a hand-written kernel and the engine see exactly the same events.
 *
 * <p>A {@link Cursor} replays the tape round and round: on pass {@code k} times are shifted by
 * {@code k × span}, so time never goes backwards; each pass starts with the file's snapshot.
 */
final class TardisTape {
    static final byte BOOK_DELTA = 0, BOOK_SNAPSHOT = 1, TRADE = 2;
    private static final long PASS_GAP_NANOS = 1_000_000L;

    private final byte[] kinds;
    private final long[] ts;
    private final long[] receiptTs;
    private final int[] firstLevel; // levels of event i: [firstLevel[i], firstLevel[i + 1]); bids then asks
    private final int[] bidLevels; // or the trade's side
    private final double[] prices;
    private final double[] sizes;
    private final long[] ids;
    private final long span;
    private final int bookMessages;
    private final int trades;

    private TardisTape(Columns c) {
        int n = c.n;
        kinds = Arrays.copyOf(c.kinds, n);
        ts = Arrays.copyOf(c.ts, n);
        receiptTs = Arrays.copyOf(c.receipt, n);
        firstLevel = Arrays.copyOf(c.firstLevel, n + 1);
        bidLevels = Arrays.copyOf(c.bidLevels, n);
        ids = Arrays.copyOf(c.ids, n);
        prices = Arrays.copyOf(c.prices, c.levels);
        sizes = Arrays.copyOf(c.sizes, c.levels);
        int b = 0;
        for (int i = 0; i < n; i++) {
            b += kinds[i] == TRADE ? 0 : 1;
        }
        bookMessages = b;
        trades = n - b;
        span = Math.max(ts[n - 1] - ts[0], receiptTs[n - 1] - receiptTs[0]) + PASS_GAP_NANOS;
    }

    /** Reads both files (strict: a bad row stops with file:line) and merges them by receipt time. */
    static TardisTape read(Path bookCsv, Path tradesCsv) throws IOException {
        Columns book = new Columns();
        Columns trade = new Columns();
        try (TardisReader r = TardisReader.open(bookCsv, IngestOptions.defaults())) {
            r.read((source, e, line) -> book.add(e));
        }
        try (TardisReader r = TardisReader.open(tradesCsv, IngestOptions.defaults())) {
            r.read((source, e, line) -> trade.add(e));
        }
        return new TardisTape(Columns.merge(book, trade));
    }

    int size() {
        return kinds.length;
    }

    int bookMessages() {
        return bookMessages;
    }

    int trades() {
        return trades;
    }

    long spanNanos() {
        return span;
    }

    boolean isTrade(int p) {
        return kinds[p] == TRADE;
    }

    /** Event {@code p}, times shifted by {@code shift}, decoded into the reused {@code book} or {@code trade}. */
    Event decode(int p, long shift, BookUpdate book, Trade trade) {
        byte kind = kinds[p];
        int from = firstLevel[p];
        if (kind == TRADE) {
            return trade.set(ts[p] + shift, receiptTs[p] + shift, bidLevels[p], prices[from], sizes[from], ids[p]);
        }
        book.reset(ts[p] + shift, receiptTs[p] + shift, kind == BOOK_SNAPSHOT);
        int asksFrom = from + bidLevels[p];
        for (int i = from; i < asksFrom; i++) {
            book.addBid(prices[i], sizes[i]);
        }
        for (int i = asksFrom, to = firstLevel[p + 1]; i < to; i++) {
            book.addAsk(prices[i], sizes[i]);
        }
        return book;
    }

    /** A replay position: events are taken in tape order, pass after time-shifted pass. */
    final class Cursor {
        final BookUpdate book = new BookUpdate();
        final Trade trade = new Trade();
        private int position;
        private long shift;

        /** The next event, decoded; valid until the next call. */
        Event next() {
            Event e = decode(position, shift, book, trade);
            if (++position == kinds.length) {
                position = 0;
                shift += span;
            }
            return e;
        }

        /** Whether the event {@link #next} returns next is a trade. */
        boolean nextIsTrade() {
            return kinds[position] == TRADE;
        }
    }

    Cursor cursor() {
        return new Cursor();
    }

    /** Growable columns while reading. */
    private static final class Columns {
        byte[] kinds = new byte[1024];
        long[] ts = new long[1024];
        long[] receipt = new long[1024];
        int[] firstLevel = new int[1025];
        int[] bidLevels = new int[1024];
        long[] ids = new long[1024];
        double[] prices = new double[4096];
        double[] sizes = new double[4096];
        int n;
        int levels;

        private void level(double price, double size) {
            if (levels == prices.length) {
                prices = Arrays.copyOf(prices, levels * 2);
                sizes = Arrays.copyOf(sizes, levels * 2);
            }
            prices[levels] = price;
            sizes[levels++] = size;
        }

        private void room() {
            if (n == kinds.length) {
                int c = n * 2;
                kinds = Arrays.copyOf(kinds, c);
                ts = Arrays.copyOf(ts, c);
                receipt = Arrays.copyOf(receipt, c);
                firstLevel = Arrays.copyOf(firstLevel, c + 1);
                bidLevels = Arrays.copyOf(bidLevels, c);
                ids = Arrays.copyOf(ids, c);
            }
        }

        void add(Event e) {
            room();
            ts[n] = e.ts();
            receipt[n] = e.receiptTs();
            firstLevel[n] = levels;
            if (e instanceof BookUpdate u) {
                kinds[n] = u.isSnapshot() ? BOOK_SNAPSHOT : BOOK_DELTA;
                bidLevels[n] = u.bidCount();
                for (int i = 0; i < u.bidCount(); i++) {
                    level(u.bidPrice(i), u.bidSize(i));
                }
                for (int i = 0; i < u.askCount(); i++) {
                    level(u.askPrice(i), u.askSize(i));
                }
            } else {
                Trade t = (Trade) e;
                kinds[n] = TRADE;
                bidLevels[n] = t.side();
                ids[n] = t.id();
                level(t.price(), t.amount());
            }
            n++;
            firstLevel[n] = levels;
        }

        /** Copies event i of {@code from} to the end of this. */
        private void take(Columns from, int i) {
            room();
            kinds[n] = from.kinds[i];
            ts[n] = from.ts[i];
            receipt[n] = from.receipt[i];
            bidLevels[n] = from.bidLevels[i];
            ids[n] = from.ids[i];
            firstLevel[n] = levels;
            for (int k = from.firstLevel[i]; k < from.firstLevel[i + 1]; k++) {
                level(from.prices[k], from.sizes[k]);
            }
            n++;
            firstLevel[n] = levels;
        }

        /** Both streams by receipt time; the book first on ties (its source rank is lower). */
        static Columns merge(Columns book, Columns trades) {
            Columns out = new Columns();
            int i = 0;
            int j = 0;
            while (i < book.n || j < trades.n) {
                if (j == trades.n || (i < book.n && book.receipt[i] <= trades.receipt[j])) {
                    out.take(book, i++);
                } else {
                    out.take(trades, j++);
                }
            }
            return out;
        }
    }
}
