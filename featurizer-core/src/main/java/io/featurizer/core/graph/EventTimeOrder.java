package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.Schema;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Event-time order (DESIGN.md section 4). Inputs are buffered and released in (ts, source rank,
 * per-source sequence) order once the watermark passes them. The watermark is
 * {@code min over active sources of their latest ts - allowedLateness - 1} (as Flink's bounded
 * out-of-orderness), never moving back. A source is idle, and stops holding the watermark, once the
 * newest ts seen from any source is more than {@code idleTimeout} past its own latest ts (a source
 * that has sent nothing counts from the first ts seen). Idleness is measured in event time, not wall
 * time, so a replay makes exactly the same decisions as the live run. An event at or behind the
 * watermark is late: dropped or processed at once by the {@link LateEventPolicy}, and counted.
 * Buffered events are pooled copies, so steady state allocates nothing.
 */
final class EventTimeOrder implements InputOrder {
    private static final class Pending {
        final Event event;
        int source;
        long seq;

        Pending(Event event) {
            this.event = event;
        }
    }

    private final Schema[] schemas;
    private final long lateness;
    private final long idleTimeout;
    private final LateEventPolicy policy;
    private final long[] latest;
    private final boolean[] seen;
    private final long[] seqs;
    private final PriorityQueue<Pending> queue;
    private final ArrayDeque<Pending>[] pools;
    private boolean started;
    private long firstTs;
    private long maxTs;
    private long watermark = Long.MIN_VALUE;
    private long lateDropped;
    private long lateProcessed;

    @SuppressWarnings("unchecked")
    EventTimeOrder(Schema[] schemas, long allowedLatenessNanos, long idleTimeoutNanos, LateEventPolicy policy) {
        this.schemas = schemas;
        this.lateness = allowedLatenessNanos;
        this.idleTimeout = idleTimeoutNanos;
        this.policy = policy;
        int n = schemas.length;
        this.latest = new long[n];
        this.seen = new boolean[n];
        this.seqs = new long[n];
        this.pools = new ArrayDeque[n];
        for (int i = 0; i < n; i++) {
            pools[i] = new ArrayDeque<>();
        }
        this.queue = new PriorityQueue<>(256, (a, b) -> {
            int c = Long.compare(a.event.ts(), b.event.ts());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.source, b.source);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
        });
    }

    @Override
    public void offer(int source, Event event, Sink sink) {
        long t = event.ts();
        if (t <= watermark) {
            if (policy == LateEventPolicy.DROP) {
                lateDropped++;
            } else {
                lateProcessed++;
                sink.process(source, event);
            }
            return;
        }
        Pending p = pools[source].poll();
        if (p == null) {
            p = new Pending(Events.newEvent(schemas[source]));
        }
        p.event.copyFrom(event);
        p.source = source;
        p.seq = ++seqs[source];
        queue.add(p);
        if (!started) {
            started = true;
            firstTs = t;
            maxTs = t;
        }
        maxTs = Math.max(maxTs, t);
        latest[source] = seen[source] ? Math.max(latest[source], t) : t;
        seen[source] = true;
        advance(sink);
    }

    private void advance(Sink sink) {
        long min = Long.MAX_VALUE;
        for (int s = 0; s < latest.length; s++) {
            long last = seen[s] ? latest[s] : firstTs;
            if (maxTs - last > idleTimeout) {
                continue; // idle: does not hold the watermark back
            }
            if (!seen[s]) {
                return; // an expected source that has not spoken yet holds everything
            }
            min = Math.min(min, last);
        }
        if (min == Long.MAX_VALUE) {
            return;
        }
        long w = min - lateness - 1;
        if (w > watermark) {
            watermark = w;
            release(sink, w);
        }
    }

    private void release(Sink sink, long upTo) {
        while (!queue.isEmpty() && queue.peek().event.ts() <= upTo) {
            Pending p = queue.poll();
            sink.process(p.source, p.event);
            pools[p.source].add(p);
        }
    }

    @Override
    public void flush(Sink sink) {
        release(sink, Long.MAX_VALUE);
        if (maxTs > watermark) {
            watermark = maxTs;
        }
    }

    @Override
    public long lateDropped() {
        return lateDropped;
    }

    @Override
    public long lateProcessed() {
        return lateProcessed;
    }

    @Override
    public int buffered() {
        return queue.size();
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeBoolean(started);
        out.writeLong(firstTs);
        out.writeLong(maxTs);
        out.writeLong(watermark);
        out.writeLong(lateDropped);
        out.writeLong(lateProcessed);
        for (int s = 0; s < latest.length; s++) {
            out.writeBoolean(seen[s]);
            out.writeLong(latest[s]);
            out.writeLong(seqs[s]);
        }
        List<Pending> held = new ArrayList<>(queue);
        out.writeInt(held.size());
        for (Pending p : held) {
            out.writeInt(p.source);
            out.writeLong(p.seq);
            p.event.write(out);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        started = in.readBoolean();
        firstTs = in.readLong();
        maxTs = in.readLong();
        watermark = in.readLong();
        lateDropped = in.readLong();
        lateProcessed = in.readLong();
        for (int s = 0; s < latest.length; s++) {
            seen[s] = in.readBoolean();
            latest[s] = in.readLong();
            seqs[s] = in.readLong();
        }
        queue.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            int source = in.readInt();
            Pending p = new Pending(Events.newEvent(schemas[source]));
            p.source = source;
            p.seq = in.readLong();
            p.event.read(in);
            queue.add(p);
        }
    }
}
