package io.featurizer.core.synthetic;

import io.featurizer.core.definitions.SyntheticSineMidPrice;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a graph from the synthetic market: every {@code l2_book}, {@code trades} and
 * {@code ticker} input of the graph gets the market's events of its channel (whatever its
 * exchange and symbol), and every synthetic sine input gets its own sine. Used by the demo, the
 * CLI's {@code run} and tests, in place of live venues.
 */
public final class SyntheticFeed {
    private final FeatureStreamGraph graph;
    private final SyntheticMarket market;
    private final int[][] targets = new int[SyntheticMarket.Channel.values().length][];
    private final List<Feature> sineSources = new ArrayList<>();
    private final List<Integer> sineIndex = new ArrayList<>();
    private final long[] sineNext;
    private final long[] sineStep;
    private final FeatureEvent sineEvent = new FeatureEvent(SyntheticSineMidPrice.SCHEMA);
    private SyntheticMarket pending; // the market holding an event not yet pushed (runUntil stopped before it)
    private long events;

    public SyntheticFeed(FeatureStreamGraph graph, SyntheticMarket market) {
        this.graph = graph;
        this.market = market;
        List<List<Integer>> byChannel = new ArrayList<>();
        for (int c = 0; c < targets.length; c++) {
            byChannel.add(new ArrayList<>());
        }
        List<Feature> ins = graph.getIns();
        for (int i = 0; i < ins.size(); i++) {
            DataSourceDefinition def = (DataSourceDefinition) ins.get(i).definition();
            switch (def.channel()) {
                case "l2_book" -> byChannel.get(SyntheticMarket.Channel.L2_BOOK.ordinal()).add(i);
                case "trades" -> byChannel.get(SyntheticMarket.Channel.TRADES.ordinal()).add(i);
                case "ticker" -> byChannel.get(SyntheticMarket.Channel.TICKER.ordinal()).add(i);
                default -> {
                    if (def instanceof SyntheticSineMidPrice) {
                        sineSources.add(ins.get(i));
                        sineIndex.add(i);
                    } else {
                        throw new IllegalArgumentException("the synthetic market cannot feed " + ins.get(i) + " (channel " + def.channel() + ")");
                    }
                }
            }
        }
        for (int c = 0; c < targets.length; c++) {
            targets[c] = byChannel.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
        sineNext = new long[sineSources.size()];
        sineStep = new long[sineSources.size()];
        long from = market.config().startNanos();
        for (int s = 0; s < sineNext.length; s++) {
            sineStep[s] = SyntheticSineMidPrice.stepNanos(sineSources.get(s).params());
            sineNext[s] = Math.floorDiv(from + sineStep[s] - 1, sineStep[s]) * sineStep[s];
        }
    }

    /**
     * Pushes every event with {@code ts < untilNanos}, market and sine sources merged in time
     * order. Returns the number of events pushed.
     */
    public long runUntil(long untilNanos) {
        long start = events;
        boolean market = hasMarketInputs();
        while (true) {
            if (market && pending == null) {
                pending = advanceMarket();
            }
            long marketTs = market ? pending.event().ts() : Long.MAX_VALUE;
            int sine = nextSine();
            long sineTs = sine < 0 ? Long.MAX_VALUE : sineNext[sine];
            if (Math.min(marketTs, sineTs) >= untilNanos) {
                break;
            }
            if (sineTs < marketTs) {
                sineEvent.setTimes(sineTs, sineTs);
                sineEvent.set(SyntheticSineMidPrice.MID, SyntheticSineMidPrice.valueAt(sineSources.get(sine).params(), sineTs));
                push(sineIndex.get(sine), sineEvent);
                sineNext[sine] += sineStep[sine];
            } else {
                pushTo(pending.channel(), pending.event());
                pending = null;
            }
        }
        graph.flush();
        return events - start;
    }

    private SyntheticMarket advanceMarket() {
        market.next();
        return market;
    }

    private int nextSine() {
        int best = -1;
        for (int s = 0; s < sineNext.length; s++) {
            if (best < 0 || sineNext[s] < sineNext[best]) {
                best = s;
            }
        }
        return best;
    }

    /** Pushes the next {@code n} market events. */
    public long runEvents(long n) {
        if (pending != null) {
            pushTo(pending.channel(), pending.event());
            pending = null;
            n--;
        }
        for (long i = 0; i < n; i++) {
            SyntheticMarket.Channel ch = market.next();
            pushTo(ch, market.event());
        }
        return n;
    }

    private boolean hasMarketInputs() {
        for (int[] t : targets) {
            if (t.length > 0) {
                return true;
            }
        }
        return false;
    }

    private void pushTo(SyntheticMarket.Channel ch, Event e) {
        for (int idx : targets[ch.ordinal()]) {
            push(idx, e);
        }
    }

    private void push(int idx, Event e) {
        graph.emit(idx, e);
        events++;
    }

    /** Events pushed into the graph so far. */
    public long events() {
        return events;
    }

    public SyntheticMarket market() {
        return market;
    }
}
