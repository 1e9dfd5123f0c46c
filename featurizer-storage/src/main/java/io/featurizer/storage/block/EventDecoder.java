package io.featurizer.storage.block;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;

/**
 * Fills a reused event view from one row of a decoded row group (columns as in {@link BlockLayout}:
 * 0 timestamp, 1 receipt_timestamp, 2 seq, then the schema fields from 3). One implementation per
 * built-in event type, setting its fields directly; a generic one for feature outputs.
 */
interface EventDecoder {
    int FIELD = 3;

    void fill(RowGroupColumns g, int row, Event into);

    static EventDecoder of(Schema schema) {
        if (schema.equals(Trade.SCHEMA)) {
            return (g, r, e) -> ((Trade) e).set(g.longs[0][r], g.longs[1][r], (int) g.longs[FIELD + Trade.SIDE.index()][r],
                    g.doubles[FIELD + Trade.PRICE.index()][r], g.doubles[FIELD + Trade.AMOUNT.index()][r], g.longs[FIELD + Trade.ID.index()][r]);
        }
        if (schema.equals(Quote.SCHEMA)) {
            return (g, r, e) -> ((Quote) e).set(g.longs[0][r], g.longs[1][r], g.doubles[FIELD][r], g.doubles[FIELD + 1][r],
                    g.doubles[FIELD + 2][r], g.doubles[FIELD + 3][r]);
        }
        if (schema.equals(DerivativeTicker.SCHEMA)) {
            return (g, r, e) -> ((DerivativeTicker) e).set(g.longs[0][r], g.longs[1][r], g.doubles[FIELD + DerivativeTicker.FUNDING_RATE.index()][r],
                    g.doubles[FIELD + DerivativeTicker.PREDICTED_FUNDING_RATE.index()][r], g.longs[FIELD + DerivativeTicker.NEXT_FUNDING_TIME.index()][r],
                    g.doubles[FIELD + DerivativeTicker.OPEN_INTEREST.index()][r], g.doubles[FIELD + DerivativeTicker.MARK_PRICE.index()][r],
                    g.doubles[FIELD + DerivativeTicker.INDEX_PRICE.index()][r], g.doubles[FIELD + DerivativeTicker.LAST_PRICE.index()][r]);
        }
        if (schema.equals(Liquidation.SCHEMA)) {
            return (g, r, e) -> ((Liquidation) e).set(g.longs[0][r], g.longs[1][r], (int) g.longs[FIELD + Liquidation.SIDE.index()][r],
                    g.doubles[FIELD + Liquidation.PRICE.index()][r], g.doubles[FIELD + Liquidation.AMOUNT.index()][r], g.longs[FIELD + Liquidation.ID.index()][r]);
        }
        if (schema.equals(BookUpdate.SCHEMA)) {
            return EventDecoder::book;
        }
        return EventDecoder::feature;
    }

    private static void book(RowGroupColumns g, int r, Event e) {
        BookUpdate b = ((BookUpdate) e).reset(g.longs[0][r], g.longs[1][r], g.longs[FIELD + BookUpdate.IS_SNAPSHOT.index()][r] != 0)
                .sequence(g.longs[FIELD + BookUpdate.FIRST_SEQ.index()][r], g.longs[FIELD + BookUpdate.LAST_SEQ.index()][r], g.longs[FIELD + BookUpdate.PREV_SEQ.index()][r]);
        int bp = FIELD + BookUpdate.BID_PRICES.index(), bs = FIELD + BookUpdate.BID_SIZES.index(), ap = FIELD + BookUpdate.ASK_PRICES.index(), as = FIELD + BookUpdate.ASK_SIZES.index();
        int bids = levels(g, bp, bs, r);
        double[] prices = g.values[bp], sizes = g.values[bs];
        for (int i = 0, p = g.offsets[bp][r], s = g.offsets[bs][r]; i < bids; i++) {
            b.addBid(prices[p + i], sizes[s + i]);
        }
        int asks = levels(g, ap, as, r);
        prices = g.values[ap];
        sizes = g.values[as];
        for (int i = 0, p = g.offsets[ap][r], s = g.offsets[as][r]; i < asks; i++) {
            b.addAsk(prices[p + i], sizes[s + i]);
        }
    }

    /** The number of levels of one side of row r: its price and size lists must pair up. */
    private static int levels(RowGroupColumns g, int pricesColumn, int sizesColumn, int r) {
        int prices = g.offsets[pricesColumn][r + 1] - g.offsets[pricesColumn][r];
        int sizes = g.offsets[sizesColumn][r + 1] - g.offsets[sizesColumn][r];
        if (prices != sizes) {
            throw new ParquetFormatException("a side has " + prices + " prices but " + sizes + " sizes");
        }
        return prices;
    }

    private static void feature(RowGroupColumns g, int r, Event e) {
        FeatureEvent f = (FeatureEvent) e;
        f.setTimes(g.longs[0][r], g.longs[1][r]);
        for (int c = FIELD; c < g.kinds.length; c++) {
            switch (g.kinds[c]) {
                case DOUBLE -> f.set(c - FIELD, g.doubles[c][r]);
                case DOUBLE_LIST -> {
                    int from = g.offsets[c][r], n = g.offsets[c][r + 1] - from;
                    System.arraycopy(g.values[c], from, f.arrayForWrite(c - FIELD, n), 0, n);
                }
                default -> f.setLong(c - FIELD, g.longs[c][r]);
            }
        }
    }
}
