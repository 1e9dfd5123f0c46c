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
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.feature.OperatorContext;

import java.io.DataInput;
import java.io.DataOutput;
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
        return new Operator(book.addReader(depth), depth, samplingNanos(ctx.params()), ctx.newOutput(), Changes.of(ctx, ctx.feature()));
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
        private final Changes changes;

        Operator(SharedOrderBook shared, int depth, long bucketNanos, FeatureEvent out, Changes changes) {
            this.shared = shared;
            this.book = shared.book();
            this.depth = depth;
            this.bucketNanos = bucketNanos;
            this.out = out;
            this.changes = changes;
            state.add(shared);
            this.last = state.lastOutput(out);
            this.pending = state.flag();
            this.pendingBucket = state.longCell();
            state.add(new Snapshottable() { // no bytes of its own: after a restore, the next emission counts as all new
                @Override
                public void snapshot(DataOutput o) {
                }

                @Override
                public void restore(DataInput in) {
                    changes.restored();
                }
            });
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            BookUpdate u = (BookUpdate) event;
            if (!u.isSnapshot() && !book.isInitialized()) {
                shared.apply(u); // counted there, never applied to a partial book
                return;
            }
            if (bucketNanos > 0 && pending.get() && Math.floorDiv(u.ts(), bucketNanos) > pendingBucket.get()) {
                changes.emitted(out);
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
                changes.emitted(out);
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
            changed |= writeSide(book.bids(), book.bidChanges(), all, BID_PRICES, BID_SIZES, changes.bids);
            changed |= writeSide(book.asks(), book.askChanges(), all, ASK_PRICES, ASK_SIZES, changes.asks);
            if (changed) {
                out.setTimes(u.ts(), u.receiptTs());
                last.write();
            }
            return changed;
        }

        /**
         * Mirrors one side's top levels into the output, touching only what the book says changed:
         * the changed ranks for in-place size changes, the ranks from the first change down when
         * levels were inserted or deleted. Returns whether any value differs; the levels it may have changed go into
         * {@code written}.
         */
        private boolean writeSide(PriceLadder side, OrderBook.Changes changes, boolean all, Schema.ArrayField priceField,
                                  Schema.ArrayField sizeField, Changes.Range written) {
            int n = depth < 0 ? side.count() : Math.min(depth, side.count());
            int before = out.arrayLength(priceField);
            boolean changed = before != n;
            if (!all && !changed && !changes.isRange()) { // sizes changed in place: same levels, same length
                double[] s = out.getArray(sizeField);
                for (int k = 0; k < changes.count(); k++) {
                    int r = changes.rank(k);
                    if (r < n && s[r] != side.size(r)) {
                        s[r] = side.size(r);
                        written.add(r, r + 1);
                        changed = true;
                    }
                }
                return changed;
            }
            double[] p = out.arrayForWrite(priceField, n);
            double[] s = out.arrayForWrite(sizeField, n);
            int from = all || changed ? 0 : Math.min(changes.minRank(), n);
            written.add(from, Math.max(n, before)); // levels past n are gone
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

    /**
     * Which levels of each side an L2 snapshot feature changed with its last emission, for the features that read it and
     * would otherwise compare every level with the snapshot before (the order-flow window; finding the changed levels by
     * comparison cost ~50 ns per input among the 30 features of feature-costs-30.yaml). The snapshot's operator knows
     * them from the book's changes. One per graph and snapshot feature; a reader asks through its own {@link Cursor},
     * which says whether they apply to the snapshot it saw last.
     */
    public static final class Changes {
        final Range bids = new Range();
        final Range asks = new Range();
        private final Range lastBids = new Range();
        private final Range lastAsks = new Range();
        private long emissions = 2; // a new cursor has seen none (0): the first emission (3) is not the one after
        private Event emitted;

        private Changes() {
            bids.all();
            asks.all();
        }

        /** The changes of the snapshot feature {@code snapshot} in the graph of {@code ctx}. */
        public static Changes of(OperatorContext ctx, Feature snapshot) {
            return ctx.shared("l2_snapshot_changes:" + snapshot.key(), Changes::new);
        }

        /** A cursor for one more reader; it must call {@link Cursor#next} for every snapshot it receives. */
        public Cursor cursor() {
            return new Cursor(this);
        }

        /** The output is emitted: what was written since the last emission becomes the emission's changes. */
        void emitted(Event out) {
            lastBids.set(bids);
            lastAsks.set(asks);
            bids.clear();
            asks.clear();
            emitted = out;
            emissions++;
        }

        /** The output was restored: the next emission counts as all new for every reader. */
        void restored() {
            emissions += 2;
            bids.all();
            asks.all();
        }

        /** Levels [from, to) of one side that may differ (a superset of those that do); empty when from >= to. */
        public static final class Range {
            private int from;
            private int to;

            void add(int from, int to) {
                this.from = Math.min(this.from, from);
                this.to = Math.max(this.to, to);
            }

            void all() {
                from = 0;
                to = Integer.MAX_VALUE;
            }

            void clear() {
                from = Integer.MAX_VALUE;
                to = 0;
            }

            void set(Range r) {
                from = r.from;
                to = r.to;
            }

            public int from() {
                return from;
            }

            public int to() {
                return to;
            }
        }
    }

    /** One reader's view of a snapshot feature's {@link Changes}. */
    public static final class Cursor {
        private final Changes changes;
        private long seen;

        private Cursor(Changes changes) {
            this.changes = changes;
        }

        /**
         * Call once for each snapshot event received, as it is emitted: true when {@link #bids()} and {@link #asks()} hold
         * every level of {@code snapshot} that may differ from the snapshot this reader received before. False for the
         * first, after a restore, and for a snapshot that is not the operator's emission just made (a copy, or a graph
         * without the snapshot's operator): the reader then compares the levels itself.
         */
        public boolean next(Event snapshot) {
            boolean known = snapshot == changes.emitted && changes.emissions == seen + 1;
            seen = changes.emissions;
            return known;
        }

        public Changes.Range bids() {
            return changes.lastBids;
        }

        public Changes.Range asks() {
            return changes.lastAsks;
        }
    }
}
