package io.featurizer.core.definitions.book;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The micro-price adjustment G*(spread, imbalance) of Stoikov (2018), estimated from history and read by
 * {@code book.micro_price}: for each spread state s = 1..{@code spreads} ticks and imbalance bucket
 * b = 0..{@code buckets}−1 (imbalance I = bid_size / (bid_size + ask_size), bucket min(⌊I·buckets⌋, buckets−1)),
 * the adjustment to add to the mid, in quote currency, and the observations it was estimated from (none: NaN).
 *
 * <p>A plain CSV that pandas, polars and DuckDB read: {@value #HEADER}, one row per state, spreads then
 * buckets ascending; {@code iterations} is the number of terms of the series G* = Σ Bⁱ G¹ summed to converge.
 */
public final class MicroPriceTable {
    static final String HEADER = "tick_size,spread_ticks,imbalance_bucket,imbalance_from,imbalance_to,observations,adjustment,iterations";

    private final double tickSize;
    private final int spreads;
    private final int buckets;
    private final long[] observations; // [ (s−1)·buckets + b ]
    private final double[] adjustment;
    private final int iterations;

    public MicroPriceTable(double tickSize, int spreads, int buckets, long[] observations, double[] adjustment, int iterations) {
        if (!(tickSize > 0) || spreads < 1 || buckets < 1) {
            throw new IllegalArgumentException("a micro-price table needs a positive tick size, spreads and buckets");
        }
        if (observations.length != spreads * buckets || adjustment.length != spreads * buckets) {
            throw new IllegalArgumentException("expected " + spreads * buckets + " states, got " + observations.length + " and " + adjustment.length);
        }
        this.tickSize = tickSize;
        this.spreads = spreads;
        this.buckets = buckets;
        this.observations = observations.clone();
        this.adjustment = adjustment.clone();
        this.iterations = iterations;
    }

    public double tickSize() {
        return tickSize;
    }

    public int spreads() {
        return spreads;
    }

    public int buckets() {
        return buckets;
    }

    public int iterations() {
        return iterations;
    }

    /** The imbalance bucket of I = bidSize / (bidSize + askSize). */
    public static int bucket(double bidSize, double askSize, int buckets) {
        double imbalance = bidSize / (bidSize + askSize);
        return Math.min((int) (imbalance * buckets), buckets - 1);
    }

    /** The spread in whole ticks, or 0 when it is not within 1e-6 tick of a whole positive number. */
    public static int spreadTicks(double bid, double ask, double tickSize) {
        double ticks = (ask - bid) / tickSize;
        long whole = Math.round(ticks);
        return whole >= 1 && whole <= Integer.MAX_VALUE && Math.abs(ticks - whole) <= 1e-6 ? (int) whole : 0;
    }

    /** The adjustment of a state (quote currency), NaN outside the table or where nothing was observed. */
    public double adjustment(int spreadTicks, int bucket) {
        if (spreadTicks < 1 || spreadTicks > spreads || bucket < 0 || bucket >= buckets) {
            return Double.NaN;
        }
        int x = (spreadTicks - 1) * buckets + bucket;
        return observations[x] == 0 ? Double.NaN : adjustment[x];
    }

    public long observations(int spreadTicks, int bucket) {
        return observations[(spreadTicks - 1) * buckets + bucket];
    }

    /** The table as CSV text (doubles in full precision, so reading it back gives the same values). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int s = 1; s <= spreads; s++) {
            for (int b = 0; b < buckets; b++) {
                int x = (s - 1) * buckets + b;
                sb.append(tickSize).append(',').append(s).append(',').append(b).append(',')
                        .append((double) b / buckets).append(',').append((double) (b + 1) / buckets).append(',')
                        .append(observations[x]).append(',').append(observations[x] == 0 ? "NaN" : Double.toString(adjustment[x]))
                        .append(',').append(iterations).append('\n');
            }
        }
        return sb.toString();
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the CSV; {@link IllegalArgumentException} naming the line when it is not a table {@link #toCsv()} writes. */
    public static MicroPriceTable parse(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IllegalArgumentException("line 1: expected the header '" + HEADER + "'");
        }
        int rows = lines.size() - 1;
        double tick = Double.NaN;
        int spreads = 0;
        int buckets = 0;
        int iterations = 0;
        long[][] parsed = new long[rows][];
        double[] adj = new double[rows];
        for (int i = 0; i < rows; i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            String where = "line " + (i + 2);
            if (f.length != 8) {
                throw new IllegalArgumentException(where + ": expected 8 columns, got " + f.length);
            }
            try {
                tick = Double.parseDouble(f[0]);
                int s = Integer.parseInt(f[1].strip());
                int b = Integer.parseInt(f[2].strip());
                parsed[i] = new long[] {s, b, Long.parseLong(f[5].strip())};
                adj[i] = Double.parseDouble(f[6]);
                iterations = Integer.parseInt(f[7].strip());
                spreads = Math.max(spreads, s);
                buckets = Math.max(buckets, b + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": not a number (" + e.getMessage() + ")");
            }
        }
        if (rows == 0 || rows != spreads * buckets) {
            throw new IllegalArgumentException("expected one row per spread and bucket (" + spreads + " x " + buckets + "), got " + rows);
        }
        long[] obs = new long[rows];
        double[] adjustment = new double[rows];
        boolean[] seen = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            long s = parsed[i][0];
            long b = parsed[i][1];
            if (s < 1 || b < 0) {
                throw new IllegalArgumentException("line " + (i + 2) + ": spread_ticks from 1 and imbalance_bucket from 0");
            }
            int x = (int) ((s - 1) * buckets + b);
            if (seen[x]) {
                throw new IllegalArgumentException("line " + (i + 2) + ": spread " + s + ", bucket " + b + " appears twice");
            }
            seen[x] = true;
            obs[x] = parsed[i][2];
            adjustment[x] = adj[i];
        }
        return new MicroPriceTable(tick, spreads, buckets, obs, adjustment, iterations);
    }

    /** Reads a table file; {@link IllegalArgumentException} saying why when it cannot. */
    public static MicroPriceTable read(Path file) {
        return parse(new String(bytes(file), StandardCharsets.UTF_8));
    }

    /** The file's content, or {@link IllegalArgumentException} naming the file and the reason. */
    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
            throw new IllegalArgumentException("cannot read micro-price table '" + file + "': " + reason);
        }
    }

    /** SHA-256 of the file's bytes, in hex: what the feature key holds. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "micro-price table (tick %s, %d spreads x %d buckets, %d iterations)", tickSize, spreads, buckets, iterations);
    }
}
