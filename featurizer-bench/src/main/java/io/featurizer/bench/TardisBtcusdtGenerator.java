package io.featurizer.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes a deterministic (seeded) stretch of Binance spot BTCUSDT market data as the two Tardis CSV
 * files a download gives: {@code incremental_book_L2} (a 1,000-tick-deep snapshot first, then
 * ~200 messages/s of 1-20 level changes each, amount 0 = remove) and {@code trades} (~30/s). Prices
 * are on the 0.01 tick, amounts on 0.00001 BTC lots, times in microseconds.
 *
 * <p>The book is kept here as a reference price {@code R} (a random walk in ticks): bids live below
 * R, asks at or above it, and a level change picks a distance from R that is geometric (mean ~20
 * ticks), so most changes hit the first levels and some go deep. When R moves, the levels it
 * crossed are removed in the same message, so the book never crosses.
 */
final class TardisBtcusdtGenerator {
    static final String EXCHANGE = "binance";
    static final String SYMBOL = "BTCUSDT";
    static final String DAY = "2021-01-08";
    private static final long START_MICROS = 1_610_064_000_000_000L; // 2021-01-08T00:00:00Z
    private static final int SNAPSHOT_TICKS = 1_000;

    private final SplittableRandom rnd;
    private final TreeMap<Long, Long> bids = new TreeMap<>(); // price ticks -> lots
    private final TreeMap<Long, Long> asks = new TreeMap<>();
    private long reference = 3_900_000L; // 39,000.00

    private TardisBtcusdtGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** The two files written by {@link #write}. */
    record Files2(Path book, Path trades, long bookMessages, long bookRows, long tradeRows) {
    }

    /** Writes {@code seconds} of market time into {@code dir}; file names follow Tardis's download layout. */
    static Files2 write(Path dir, long seed, int seconds, double bookPerSecond, double tradesPerSecond) throws IOException {
        return new TardisBtcusdtGenerator(seed).writeFiles(dir, seconds, bookPerSecond, tradesPerSecond);
    }

    private Files2 writeFiles(Path dir, int seconds, double bookPerSecond, double tradesPerSecond) throws IOException {
        Path bookFile = dir.resolve(EXCHANGE + "_incremental_book_L2_" + DAY + "_" + SYMBOL + ".csv");
        Path tradeFile = dir.resolve(EXCHANGE + "_trades_" + DAY + "_" + SYMBOL + ".csv");
        long end = START_MICROS + seconds * 1_000_000L;
        long messages = 0;
        long rows = 0;
        long trades = 0;
        try (BufferedWriter book = Files.newBufferedWriter(bookFile, StandardCharsets.US_ASCII);
             BufferedWriter trade = Files.newBufferedWriter(tradeFile, StandardCharsets.US_ASCII)) {
            book.write("exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n");
            trade.write("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
            StringBuilder sb = new StringBuilder(256);
            long ts = START_MICROS;
            long local = ts + 1_500;
            for (int d = 0; d < SNAPSHOT_TICKS; d++) {
                if (rnd.nextInt(5) != 0) {
                    rows += level(sb, book, ts, local, true, true, reference - 1 - d, lots());
                }
                if (rnd.nextInt(5) != 0) {
                    rows += level(sb, book, ts, local, true, false, reference + d, lots());
                }
            }
            messages++;
            long nextBook = ts + gap(bookPerSecond);
            long nextTrade = ts + gap(tradesPerSecond);
            long lastBookLocal = local;
            long lastTradeLocal = local;
            long tradeId = 500_000_000L;
            while (Math.min(nextBook, nextTrade) < end) {
                if (nextBook <= nextTrade) {
                    ts = nextBook;
                    local = Math.max(lastBookLocal + 1, ts + 1_000 + rnd.nextInt(2_000)); // one local_timestamp per message
                    lastBookLocal = local;
                    rows += message(sb, book, ts, local);
                    messages++;
                    nextBook = ts + gap(bookPerSecond);
                } else {
                    ts = nextTrade;
                    local = Math.max(lastTradeLocal, ts + 1_000 + rnd.nextInt(2_000));
                    lastTradeLocal = local;
                    boolean buy = rnd.nextBoolean();
                    Long price = buy ? asks.firstKey() : bids.lastKey();
                    sb.setLength(0);
                    sb.append(EXCHANGE).append(',').append(SYMBOL).append(',').append(ts).append(',').append(local).append(',')
                            .append(tradeId++).append(',').append(buy ? "buy" : "sell").append(',');
                    decimal(sb, price, 2).append(',');
                    decimal(sb, 1 + rnd.nextInt(50_000), 5).append('\n');
                    trade.append(sb);
                    trades++;
                    nextTrade = ts + gap(tradesPerSecond);
                }
            }
        }
        return new Files2(bookFile, tradeFile, messages, rows, trades);
    }

    /** One delta message of 1-20 level changes; returns its rows. */
    private int message(StringBuilder sb, BufferedWriter out, long ts, long local) throws IOException {
        int rows = 0;
        if (rnd.nextInt(4) == 0) { // the reference moves 1-3 ticks; levels it crosses go
            int step = (1 + rnd.nextInt(3)) * (rnd.nextBoolean() ? 1 : -1);
            reference += step;
            if (step > 0) {
                while (!asks.isEmpty() && asks.firstKey() < reference) {
                    rows += level(sb, out, ts, local, false, false, asks.firstKey(), 0);
                }
            } else {
                while (!bids.isEmpty() && bids.lastKey() >= reference) {
                    rows += level(sb, out, ts, local, false, true, bids.lastKey(), 0);
                }
            }
        }
        int changes = 1 + rnd.nextInt(20);
        for (int i = 0; i < changes; i++) {
            boolean bid = rnd.nextBoolean();
            int distance = Math.min(SNAPSHOT_TICKS, (int) (-Math.log(1 - rnd.nextDouble()) * 20));
            long price = bid ? reference - 1 - distance : reference + distance;
            TreeMap<Long, Long> side = bid ? bids : asks;
            long size = side.containsKey(price) && rnd.nextInt(4) == 0 ? 0 : lots();
            rows += level(sb, out, ts, local, false, bid, price, size);
        }
        return rows;
    }

    private int level(StringBuilder sb, BufferedWriter out, long ts, long local, boolean snapshot, boolean bid, long price, long lots)
            throws IOException {
        TreeMap<Long, Long> side = bid ? bids : asks;
        if (lots == 0) {
            side.remove(price);
        } else {
            side.put(price, lots);
        }
        sb.setLength(0);
        sb.append(EXCHANGE).append(',').append(SYMBOL).append(',').append(ts).append(',').append(local).append(',')
                .append(snapshot).append(',').append(bid ? "bid" : "ask").append(',');
        decimal(sb, price, 2).append(',');
        decimal(sb, lots, 5).append('\n');
        out.append(sb);
        return 1;
    }

    private long lots() {
        return 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 2_000_000 : 100_000);
    }

    /** Exponential gap of a Poisson process, µs (at least 1). */
    private long gap(double perSecond) {
        return Math.max(1, (long) (-Math.log(1 - rnd.nextDouble()) * 1e6 / perSecond));
    }

    /** {@code units} × 10^-scale as a plain decimal with trailing zeros trimmed, like Tardis writes them. */
    static StringBuilder decimal(StringBuilder sb, long units, int scale) {
        long pow = 1;
        for (int i = 0; i < scale; i++) {
            pow *= 10;
        }
        sb.append(units / pow);
        long frac = units % pow;
        if (frac != 0) {
            String f = Long.toString(frac + pow).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb;
    }
}
