package io.featurizer.bench;

import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.serve.FeatureServer;
import io.featurizer.serve.ServeOptions;
import io.featurizer.serve.VectorHub;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Fan-out of the feature server: the standard feature set runs over a synthetic tape on this thread (the engine thread),
 * its combined vectors are published to a {@link VectorHub} paced at a target rate, and N WebSocket clients in this
 * JVM receive them from {@code /v1/stream} on loopback. Reports the vectors published per second, the messages the
 * clients received per second, drops and disconnections, the cost of {@code publish} on the engine thread, and the
 * added latency: arrival at a client minus the moment the in-process combined callback published the vector.
 * The clients share the machine's cores with the server and the engine, as a co-located model would.
 * Usage: {@code ServeFanout [clients=10] [vectorsPerSecond=20000] [seconds=10] [warmupSeconds=5] [names=mid,spread,vol_1m,tvi_1m,ohlcv_1m]}
 * (vectorsPerSecond 0 = as fast as the engine and the hub go; names {@code all} = every output, with the books).
 * {@code -Dfeaturizer.bench.client=raw} (default: {@link RawWebSocketClients}, one selector thread) or {@code jdk} (the JDK's
 * {@code java.net.http} client, ~4 µs and a thread wake-up per message) chooses the clients.
 * {@code -Dfeaturizer.serve.queue=4096} and {@code -Dfeaturizer.serve.dropLimit} (default: never disconnect) set the client limits.
 */
public final class ServeFanout {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 20_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        String names = args.length > 4 ? args[4] : "mid,spread,vol_1m,tvi_1m,ohlcv_1m";
        String clientKind = System.getProperty("featurizer.bench.client", "raw");
        if (!clientKind.equals("raw") && !clientKind.equals("jdk")) {
            throw new IllegalArgumentException("-Dfeaturizer.bench.client=" + clientKind + ": expected raw or jdk");
        }
        boolean jdk = clientKind.equals("jdk");

        StandardFeatureSet set = new StandardFeatureSet();
        int capacity = (int) Math.min(50_000_000, (rate > 0 ? rate : 400_000) * (seconds + warmup + 5));
        long[] publishedAt = new long[capacity];
        VectorHub[] hubRef = new VectorHub[1];
        long[] sequence = {0};
        Histogram publishCost = new Histogram(3);
        FeatureStreamGraph graph = set.newGraph(g -> {
            VectorHub hub = hubRef[0];
            long n = hub.vectorsPublished();
            long t0 = System.nanoTime();
            if (n < publishedAt.length) {
                publishedAt[(int) n] = t0;
            }
            hub.publish(g, sequence[0]);
            publishCost.recordValue(System.nanoTime() - t0);
        });
        MarketTape tape = MarketTape.forStandardSet(set, graph, 42, 2_000_000);
        // by default no client is disconnected, so a slow warm-up (JIT, a busy machine) shows as gaps, not as clients gone
        VectorHub.Limits limits = new VectorHub.Limits(Integer.getInteger("featurizer.serve.queue", 4096),
                Long.getLong("featurizer.serve.dropLimit", Long.MAX_VALUE));
        VectorHub hub = new VectorHub(set.outputs(), () -> sequence[0], limits);
        hubRef[0] = hub;
        // warm the graph up to its first full vector (the 1-minute OHLCV bar) before any client connects
        while (hub.vectorsPublished() == 0) {
            tape.play(graph, 1);
            sequence[0]++;
        }

        try (FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of())) {
            String path = "/v1/stream" + (names.equals("all") ? "" : "?names=" + names);
            String url = "ws://127.0.0.1:" + server.port() + path;
            List<Client> cs = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                cs.add(new Client(publishedAt));
            }
            List<WebSocket> jdkSockets = new ArrayList<>();
            RawWebSocketClients raw = null;
            if (jdk) {
                // the JDK client's callbacks run on its selector thread (no hand-off to its worker pool per message), unless
                // -Dfeaturizer.bench.clientExecutor=pool
                HttpClient http = "pool".equals(System.getProperty("featurizer.bench.clientExecutor")) ? HttpClient.newHttpClient()
                        : HttpClient.newBuilder().executor(Runnable::run).build();
                for (Client c : cs) {
                    jdkSockets.add(http.newWebSocketBuilder().buildAsync(URI.create(url), new JdkListener(c)).get(10, TimeUnit.SECONDS));
                }
            } else {
                raw = new RawWebSocketClients("127.0.0.1", server.port(), path, clients,
                        (client, payload, off, len, now) -> cs.get(client).received(vectorNumber(payload, off, len), now));
            }
            System.out.printf(Locale.ROOT, "%d WebSocket clients (%s) on %s, target %s vectors/s, %d s measured after %d s warm-up, %d CPUs, load average %.2f%n",
                    clients, jdk ? "JDK java.net.http" : "raw, one selector thread", url, rate > 0 ? String.format(Locale.ROOT, "%,.0f", rate) : "max", seconds, warmup,
                    Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            long start = System.nanoTime();
            final long started = start;
            long measureFrom = started + warmup * 1_000_000_000L;
            long end = measureFrom + seconds * 1_000_000_000L;
            long firstMeasured = -1;
            long pacedFrom = hub.vectorsPublished();
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (firstMeasured < 0 && now >= measureFrom) {
                    firstMeasured = hub.vectorsPublished();
                    for (Client c : cs) {
                        c.measureFrom = firstMeasured;
                    }
                    publishCost.reset();
                    start = now; // pace the window afresh: no catch-up burst for a slow warm-up
                    pacedFrom = firstMeasured;
                }
                if (rate > 0) { // the next vector is due at start + k / rate
                    long due = start + (long) ((hub.vectorsPublished() - pacedFrom) * 1e9 / rate);
                    while ((now = System.nanoTime()) < due) { // no spinning: the cores are shared with the server and the clients
                        LockSupport.parkNanos(due - now);
                    }
                }
                long before = hub.vectorsPublished();
                while (hub.vectorsPublished() == before) { // inputs until the next combined vector
                    tape.play(graph, 1);
                    sequence[0]++;
                }
            }
            long lastMeasured = hub.vectorsPublished();
            double measuredSeconds = (System.nanoTime() - measureFrom) / 1e9;
            Thread.sleep(2_000); // let the clients take what is still queued
            Histogram added = new Histogram(3);
            long received = 0;
            long missing = 0;
            for (Client c : cs) {
                synchronized (c) {
                    added.add(c.latency);
                    received += c.measured;
                    missing += c.gaps;
                }
            }
            long published = lastMeasured - firstMeasured;
            System.out.printf(Locale.ROOT, "published %,d vectors (%,.0f/s); clients received %,d in the window (%,.0f messages/s in all, %,.0f/s each); "
                            + "lost in the window (gaps seen by clients) %,d; dropped over the whole run %,d; slow clients disconnected %d%n",
                    published, published / measuredSeconds, received, received / measuredSeconds, received / measuredSeconds / clients,
                    missing, hub.messagesDropped(), hub.slowClientsDisconnected());
            System.out.printf(Locale.ROOT, "publish on the engine thread: p50 %.1f us, p99 %.1f us, p99.9 %.1f us%n",
                    publishCost.getValueAtPercentile(50) / 1e3, publishCost.getValueAtPercentile(99) / 1e3, publishCost.getValueAtPercentile(99.9) / 1e3);
            System.out.printf(Locale.ROOT, "added latency, in-process callback -> client: p50 %.0f us, p90 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us%n",
                    added.getValueAtPercentile(50) / 1e3, added.getValueAtPercentile(90) / 1e3, added.getValueAtPercentile(99) / 1e3,
                    added.getValueAtPercentile(99.9) / 1e3, added.getMaxValue() / 1e3);
            System.out.println("CPU seconds by thread group over the whole run: " + cpuByThreadGroup());
            for (WebSocket w : jdkSockets) {
                w.abort();
            }
            if (raw != null) {
                raw.close();
            }
        }
        System.exit(0);
    }

    /** CPU time of this JVM's threads, grouped by name with digits removed (engine = main; clients = HttpClient-*). */
    static String cpuByThreadGroup() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Double> byGroup = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(t.getThreadId());
            String group = t.getThreadName().replaceAll("[0-9]+", "#");
            byGroup.merge(group, ns / 1e9, Double::sum);
        }
        StringBuilder sb = new StringBuilder();
        byGroup.entrySet().stream().filter(e -> e.getValue() >= 0.05).sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(String.format(Locale.ROOT, "%s %.1f; ", e.getKey(), e.getValue())));
        return sb.toString();
    }

    /** Records each message's arrival minus its vector's publish time, and the vectors missed in the measured window. */
    static final class Client {
        private final long[] publishedAt;
        final Histogram latency = new Histogram(3);
        volatile long measureFrom = Long.MAX_VALUE;
        long measured;
        long gaps;
        long last = -1;

        Client(long[] publishedAt) {
            this.publishedAt = publishedAt;
        }

        synchronized void received(long v, long now) {
            if (last >= 0 && v != last + 1 && v >= measureFrom) {
                gaps += v - Math.max(last + 1, measureFrom); // lost in the measured window
            }
            last = v;
            if (v >= measureFrom && v < publishedAt.length) {
                latency.recordValue(Math.max(0, now - publishedAt[(int) v]));
                measured++;
            }
        }
    }

    /** A JDK {@code java.net.http} WebSocket feeding a {@link Client}, the time taken as each message completes. */
    static final class JdkListener implements WebSocket.Listener {
        private final Client client;
        private final StringBuilder text = new StringBuilder();

        JdkListener(Client client) {
            this.client = client;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
            long now = System.nanoTime();
            text.append(data);
            if (lastPart) {
                byte[] b = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                text.setLength(0);
                client.received(vectorNumber(b, 0, b.length), now);
            }
            return null;
        }
    }

    private static final byte[] VECTOR_KEY = "\"vector\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The number after {@code "vector":} in a JSON message. */
    static long vectorNumber(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        search:
        for (; i <= end - VECTOR_KEY.length; i++) {
            for (int k = 0; k < VECTOR_KEY.length; k++) {
                if (b[i + k] != VECTOR_KEY[k]) {
                    continue search;
                }
            }
            break;
        }
        long v = 0;
        for (i += VECTOR_KEY.length; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private ServeFanout() {
    }
}
