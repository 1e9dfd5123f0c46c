package io.featurizer.core.definitions;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.book.SharedOrderBook;
import io.featurizer.core.book.TickSize;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState;
import io.featurizer.core.feature.OperatorContext;

import java.util.List;

/**
 * {@code l2_book.l2_snapshot_fd}: the order book kept from L2 snapshots and deltas, emitted as its
 * top {@code depth} levels per side (default 25; -1 = the full book). {@code sampling}: {@code raw}
 * emits on every message that changes the top levels (consecutive duplicates are dropped),
 * a duration (e.g. {@code 1s}) emits the last state of each epoch-aligned bucket when a later
 * bucket starts, {@code skip_all} keeps the book and emits nothing. Deltas before the first
 * snapshot are ignored (counted), never applied to a partial book.
 *
 * <p>A plain operator rather than a pipeline: it is the hottest path (one call per book message),
 * so it checks in O(1) whether a message touched the top levels before copying them.
 */
public final class L2SnapshotFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.builder("l2_snapshot")
            .addArray("bid_prices").addArray("bid_sizes").addArray("ask_prices").addArray("ask_sizes").build();
    public static final Schema.ArrayField BID_PRICES = SCHEMA.arrayField("bid_prices");
    public static final Schema.ArrayField BID_SIZES = SCHEMA.arrayField("bid_sizes");
    public static final Schema.ArrayField ASK_PRICES = SCHEMA.arrayField("ask_prices");
    public static final Schema.ArrayField ASK_SIZES = SCHEMA.arrayField("ask_sizes");

    @Override
    public String name() {
        return "l2_book.l2_snapshot_fd";
    }

    static final ParamSpec DEPTH = ParamSpec.integer("depth", "levels per side in the output, best first; -1 = the full book")
            .withDefault(25L).rule(v -> {
                long d = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
                return d > 0 || d == -1;
            }, "a positive number of levels or -1 (the full book)");
    static final ParamSpec SAMPLING = ParamSpec.duration("sampling",
            "raw: on every change of the top levels; a duration: the last state of each epoch-aligned bucket; skip_all: nothing")
            .withDefault("raw").orWords("raw", "skip_all");
    private static final List<ParamSpec> PARAMS = List.of(DEPTH, SAMPLING, DepSchemas.L2_BOOK);

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    /** 0 for raw, -1 for skip_all, else the bucket length. */
    static long samplingNanos(Params params) {
        if (SAMPLING.is(params, "raw")) {
            return 0;
        }
        return SAMPLING.nanos(params); // -1 for skip_all
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.l2Book(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        // Every depth over one source reads the same book, applied once per message.
        Feature source = ctx.feature().children().get(0);
        double tick = source.params().getDouble(TickSize.PARAM, Double.NaN);
        SharedOrderBook book = ctx.<SharedOrderBook>shared("order_book:" + source.key(), () -> new SharedOrderBook(tick));
        int depth = DEPTH.intValue(ctx.params());
        return new Operator(book.addReader(depth), depth, samplingNanos(ctx.params()), ctx.newOutput());
    }

    /** Best bid of an l2_snapshot event (NaN when the side is empty). */
    public static double bestBid(Event snapshot) {
        return snapshot.arrayLength(BID_PRICES) > 0 ? snapshot.getArray(BID_PRICES)[0] : Double.NaN;
    }

    /** Best ask of an l2_snapshot event (NaN when the side is empty). */
    public static double bestAsk(Event snapshot) {
        return snapshot.arrayLength(ASK_PRICES) > 0 ? snapshot.getArray(ASK_PRICES)[0] : Double.NaN;
    }

    static final class Operator extends StatefulOperator {
        private final SharedOrderBook shared;
        private final OrderBook book;
        private final int depth;
        private final long bucketNanos;
        private final FeatureEvent out;
        private final OperatorState.LastOutput last; // out, and whether it holds a book yet
        private final OperatorState.Flag pending; // sampled: a change waits for its bucket's end
        private final OperatorState.LongCell pendingBucket;

        Operator(SharedOrderBook shared, int depth, long bucketNanos, FeatureEvent out) {
            this.shared = shared;
            this.book = shared.book();
            this.depth = depth;
            this.bucketNanos = bucketNanos;
            this.out = out;
            state.add(shared);
            this.last = state.lastOutput(out);
            this.pending = state.flag();
            this.pendingBucket = state.longCell();
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            BookUpdate u = (BookUpdate) event;
            if (!u.isSnapshot() && !book.isInitialized()) {
                shared.apply(u); // counted there, never applied to a partial book
                return;
            }
            if (bucketNanos > 0 && pending.get() && Math.floorDiv(u.ts(), bucketNanos) > pendingBucket.get()) {
                emitter.emit(out);
                pending.set(false);
            }
            int rank = shared.apply(u);
            if (bucketNanos < 0 || rank == PriceLadder.NO_CHANGE || (depth > 0 && rank >= depth)) {
                return;
            }
            if (!writeTop(u)) {
                return;
            }
            if (bucketNanos == 0) {
                emitter.emit(out);
            } else {
                pending.set(true);
                pendingBucket.set(Math.floorDiv(u.ts(), bucketNanos));
            }
        }

        /** Writes the top levels into the output; false when they equal the previous output. */
        private boolean writeTop(BookUpdate u) {
            boolean all = !last.present() || book.lastWasSnapshot();
            boolean changed = !last.present();
            changed |= writeSide(book.bids(), book.bidChanges(), all, BID_PRICES, BID_SIZES);
            changed |= writeSide(book.asks(), book.askChanges(), all, ASK_PRICES, ASK_SIZES);
            if (changed) {
                out.setTimes(u.ts(), u.receiptTs());
                last.write();
            }
            return changed;
        }

        /**
         * Mirrors one side's top levels into the output, touching only what the book says changed:
         * the changed ranks for in-place size changes, the ranks from the first change down when
         * levels were inserted or deleted. Returns whether any value differs.
         */
        private boolean writeSide(PriceLadder side, OrderBook.Changes changes, boolean all, Schema.ArrayField priceField, Schema.ArrayField sizeField) {
            int n = depth < 0 ? side.count() : Math.min(depth, side.count());
            boolean changed = out.arrayLength(priceField) != n;
            if (!all && !changed && !changes.isRange()) { // sizes changed in place: same levels, same length
                double[] s = out.getArray(sizeField);
                for (int k = 0; k < changes.count(); k++) {
                    int r = changes.rank(k);
                    if (r < n && s[r] != side.size(r)) {
                        s[r] = side.size(r);
                        changed = true;
                    }
                }
                return changed;
            }
            double[] p = out.arrayForWrite(priceField, n);
            double[] s = out.arrayForWrite(sizeField, n);
            int from = all || changed ? 0 : Math.min(changes.minRank(), n);
            return side.copyInto(from, n, p, s) | changed;
        }

        /** Raw sampling writes the output only to emit it; bucketed sampling prepares it ahead of emitting. */
        @Override
        public boolean ownsOutputs() {
            return bucketNanos == 0;
        }

        /** Deltas that arrived before the first snapshot and were ignored. */
        long deltasBeforeSnapshot() {
            return shared.deltasBeforeSnapshot();
        }
    }
}
