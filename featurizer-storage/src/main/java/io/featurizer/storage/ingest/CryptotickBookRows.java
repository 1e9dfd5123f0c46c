package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cryptotick {@code limitbook_full} rows into {@link BookUpdate} messages with absolute sizes.
 *
 * <p>The rows carry relative changes ({@code update_type}: {@code SNAPSHOT}, {@code ADD}, {@code SUB},
 * {@code MATCH}, {@code SET}, {@code DELETE}), so the reader keeps the book: {@code ADD} adds
 * {@code entry_sx} to the level, {@code SUB} and {@code MATCH} (a trade against it) subtract, {@code SET}
 * sets, {@code DELETE} removes it; a run of {@code SNAPSHOT} rows replaces the book (rows at one price
 * add up). A delta message is a run of rows with the same {@code time_exchange} and {@code time_coinapi};
 * each is applied to the book only once complete (so a message dropped in lenient mode leaves no trace),
 * and delivered with the touched levels' new sizes (0 = deleted). A size that falls to 0 or below, or
 * within 1e-9 (relative) of 0 (the dust of decimal subtraction), deletes the level. Deltas before the
 * first snapshot (or after a snapshot dropped in lenient mode) can't be placed and are skipped (counted in
 * {@code rowsSkipped}); a dropped delta message is simply missing from the kept book.
 */
final class CryptotickBookRows extends MessageRowHandler {
    private static final int SNAPSHOT = 0, ADD = 1, SUB = 2, MATCH = 3, SET = 4, DELETE = 5;
    private static final byte[][] TYPES = {bytes("SNAPSHOT"), bytes("ADD"), bytes("SUB"), bytes("MATCH"), bytes("SET"), bytes("DELETE")};
    private static final byte[] ONE = bytes("1"), ZERO = bytes("0"), TRUE = bytes("true"), FALSE = bytes("false");
    private static final double DUST = 1e-9;

    private final VendorSource source;
    private final int timeExchange, timeCoinapi, updateType, isBuy, entryPx, entrySx, orderId;
    private final DayClock exchangeClock;
    private final DayClock coinapiClock;
    private final PriceSizeMap bookBids = new PriceSizeMap(), bookAsks = new PriceSizeMap();
    private final PriceSizeMap msgBids = new PriceSizeMap(), msgAsks = new PriceSizeMap();
    private final BookUpdate out = new BookUpdate();
    private boolean haveBook;
    private boolean snapshot;
    private long ts, receiptTs;
    private byte[] lastExchangeTime = new byte[32], lastCoinapiTime = new byte[32];
    private int lastExchangeLen = -1, lastCoinapiLen = -1;

    /** {@code columns}: time_exchange, time_coinapi, update_type, is_buy, entry_px, entry_sx, order_id (-1 if absent). */
    CryptotickBookRows(IngestSink sink, Counters counters, VendorSource source, int[] columns, DayClock exchangeClock,
                       DayClock coinapiClock) {
        super(sink, counters);
        this.source = source;
        this.timeExchange = columns[0];
        this.timeCoinapi = columns[1];
        this.updateType = columns[2];
        this.isBuy = columns[3];
        this.entryPx = columns[4];
        this.entrySx = columns[5];
        this.orderId = columns[6];
        this.exchangeClock = exchangeClock;
        this.coinapiClock = coinapiClock;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    void handle(CsvLineScanner row) throws BadRowException, IOException {
        int type = updateType(row);
        boolean snap = type == SNAPSHOT;
        boolean sameTimes = sameBytes(row, timeExchange, lastExchangeTime, lastExchangeLen)
                && sameBytes(row, timeCoinapi, lastCoinapiTime, lastCoinapiLen);
        if (join(snap == snapshot && (snap || sameTimes), row.line())) {
            snapshot = snap;
            lastExchangeLen = copy(row, timeExchange, true);
            lastCoinapiLen = copy(row, timeCoinapi, false);
            msgBids.clear();
            msgAsks.clear();
            if (!snap && !haveBook) {
                discard();
            }
            ts = CoinApiTimes.parse(row, timeExchange, "time_exchange", exchangeClock);
            receiptTs = CoinApiTimes.parse(row, timeCoinapi, "time_coinapi", coinapiClock);
        }
        boolean bid = side(row);
        double price = Cells.decimal(row, entryPx, "entry_px");
        double size = Cells.size(row, entrySx, "entry_sx");
        if (orderId >= 0 && !row.isEmpty(orderId)) {
            throw BadRowException.field("order_id", row.text(orderId),
                    "expected an empty order_id: order-level (L3) limitbook files are not supported");
        }
        if (poisoned()) {
            return;
        }
        PriceSizeMap msg = bid ? msgBids : msgAsks;
        if (snap) {
            msg.put(price, msg.get(price, 0) + size);
            return;
        }
        double current = msg.contains(price) ? msg.get(price, 0) : (bid ? bookBids : bookAsks).get(price, 0);
        double next = switch (type) {
            case ADD -> current + size;
            case SUB, MATCH -> current - size;
            case SET -> size;
            default -> 0; // DELETE
        };
        msg.put(price, next <= DUST * Math.max(current, size) ? 0 : next);
    }

    private int updateType(CsvLineScanner row) throws BadRowException {
        for (int t = 0; t < TYPES.length; t++) {
            if (row.is(updateType, TYPES[t])) {
                return t;
            }
        }
        throw BadRowException.field("update_type", row.text(updateType), "expected SNAPSHOT, ADD, SUB, MATCH, SET or DELETE");
    }

    private boolean side(CsvLineScanner row) throws BadRowException {
        if (row.is(isBuy, ONE) || row.is(isBuy, TRUE)) {
            return true;
        }
        if (row.is(isBuy, ZERO) || row.is(isBuy, FALSE)) {
            return false;
        }
        throw BadRowException.field("is_buy", row.text(isBuy), "expected 1 (bid) or 0 (ask)");
    }

    private static boolean sameBytes(CsvLineScanner row, int field, byte[] last, int lastLen) {
        return lastLen >= 0 && Arrays.equals(row.buffer(), row.start(field), row.end(field), last, 0, lastLen);
    }

    private int copy(CsvLineScanner row, int field, boolean exchange) {
        int n = row.end(field) - row.start(field);
        byte[] to = exchange ? lastExchangeTime : lastCoinapiTime;
        if (to.length < n) {
            to = new byte[n * 2];
            if (exchange) {
                lastExchangeTime = to;
            } else {
                lastCoinapiTime = to;
            }
        }
        System.arraycopy(row.buffer(), row.start(field), to, 0, n);
        return n;
    }

    @Override
    void deliver() throws IOException {
        if (snapshot) {
            bookBids.clear();
            bookAsks.clear();
            haveBook = true;
        }
        out.reset(ts, receiptTs, snapshot);
        for (int i = 0; i < msgBids.count(); i++) {
            double p = msgBids.price(i);
            double s = msgBids.size(i);
            if (apply(bookBids, p, s)) {
                out.addBid(p, s);
            }
        }
        for (int i = 0; i < msgAsks.count(); i++) {
            double p = msgAsks.price(i);
            double s = msgAsks.size(i);
            if (apply(bookAsks, p, s)) {
                out.addAsk(p, s);
            }
        }
        emit(source, out, firstLine());
    }

    @Override
    void dropped() {
        if (snapshot) {
            haveBook = false; // later deltas are relative to a book we don't have: skip them until the next snapshot
        }
    }

    /** Applies a level to the kept book; false for a zero level of a snapshot (nothing to say). */
    private boolean apply(PriceSizeMap side, double price, double size) {
        if (size > 0) {
            side.put(price, size);
            return true;
        }
        side.remove(price);
        return !snapshot;
    }
}
