package io.featurizer.storage.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Tardis downloadable CSV data types read here, with their columns and the channel they feed.
 * {@code book_snapshot_N} stands for any depth ({@code book_snapshot_5}, {@code book_snapshot_25}).
 */
public enum TardisDataType {
    INCREMENTAL_BOOK_L2("incremental_book_L2", VendorSource.L2_BOOK,
            List.of("exchange", "symbol", "timestamp", "local_timestamp", "is_snapshot", "side", "price", "amount")),
    BOOK_SNAPSHOT("book_snapshot_N", VendorSource.L2_BOOK, List.of("exchange", "symbol", "timestamp", "local_timestamp")),
    TRADES("trades", VendorSource.TRADES,
            List.of("exchange", "symbol", "timestamp", "local_timestamp", "id", "side", "price", "amount")),
    QUOTES("quotes", VendorSource.TICKER,
            List.of("exchange", "symbol", "timestamp", "local_timestamp", "ask_amount", "ask_price", "bid_price", "bid_amount")),
    DERIVATIVE_TICKER("derivative_ticker", VendorSource.DERIVATIVE_TICKER,
            List.of("exchange", "symbol", "timestamp", "local_timestamp", "funding_timestamp", "funding_rate", "predicted_funding_rate",
                    "open_interest", "last_price", "index_price", "mark_price")),
    /** The columns of {@code trades}: only the file name (or an explicit data type) tells the two apart. */
    LIQUIDATIONS("liquidations", VendorSource.LIQUIDATIONS,
            List.of("exchange", "symbol", "timestamp", "local_timestamp", "id", "side", "price", "amount"));

    /** The supported names, for messages. */
    static final String SUPPORTED = "incremental_book_L2, book_snapshot_<N> (e.g. book_snapshot_25), trades, quotes, derivative_ticker or liquidations";

    private final String tardisName;
    private final String channel;
    private final List<String> columns;

    TardisDataType(String tardisName, String channel, List<String> columns) {
        this.tardisName = tardisName;
        this.channel = channel;
        this.columns = columns;
    }

    /** The Tardis name ({@code book_snapshot_N} for the snapshots). */
    public String tardisName() {
        return tardisName;
    }

    /** The channel of the events: {@code l2_book}, {@code trades} or {@code ticker}. */
    public String channel() {
        return channel;
    }

    /** The columns a file of this type must have; for snapshots of {@code depth} levels, with the level columns. */
    public List<String> columns(int depth) {
        if (this != BOOK_SNAPSHOT) {
            return columns;
        }
        List<String> c = new ArrayList<>(columns);
        for (int i = 0; i < depth; i++) {
            c.add("asks[" + i + "].price");
            c.add("asks[" + i + "].amount");
            c.add("bids[" + i + "].price");
            c.add("bids[" + i + "].amount");
        }
        return c;
    }

    /**
     * The type of a Tardis data type name: {@code incremental_book_L2}, {@code book_snapshot_<N>},
     * {@code trades}, {@code quotes}, {@code derivative_ticker}, {@code liquidations} (case-insensitive).
     *
     * @throws IllegalArgumentException for other names, listing the supported ones
     */
    public static TardisDataType of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("incremental_book_l2")) {
            return INCREMENTAL_BOOK_L2;
        }
        if (n.matches("book_snapshot_\\d+")) {
            return BOOK_SNAPSHOT;
        }
        if (n.equals("trades")) {
            return TRADES;
        }
        if (n.equals("quotes")) {
            return QUOTES;
        }
        if (n.equals("derivative_ticker")) {
            return DERIVATIVE_TICKER;
        }
        if (n.equals("liquidations")) {
            return LIQUIDATIONS;
        }
        throw new IllegalArgumentException("Tardis data type '" + name + "' is not supported: expected " + SUPPORTED);
    }

    /** The type whose columns a header has, or null; a {@code liquidations} header is {@code trades}' (the name tells them apart). Snapshot depth is counted by {@link #snapshotDepth}. */
    static TardisDataType ofHeader(List<String> header) {
        if (header.contains("is_snapshot")) {
            return INCREMENTAL_BOOK_L2;
        }
        if (header.contains("asks[0].price") || header.contains("bids[0].price")) {
            return BOOK_SNAPSHOT;
        }
        if (header.contains("ask_amount") || header.contains("bid_price")) {
            return QUOTES;
        }
        if (header.contains("funding_rate") || header.contains("mark_price")) {
            return DERIVATIVE_TICKER;
        }
        if (header.contains("id") && header.contains("side")) {
            return TRADES;
        }
        return null;
    }

    /** Number of levels in a book_snapshot header: the count of {@code asks[i].price} columns. */
    static int snapshotDepth(List<String> header) {
        int n = 0;
        while (header.contains("asks[" + n + "].price")) {
            n++;
        }
        return n;
    }
}
