package io.featurizer.exchanges.live;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.VenueProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Open interest of venues that publish it over REST only (Binance USD-M): polled for each symbol every
 * {@link VenueProtocol#openInterestPollMillis()}, and written into the symbol's following derivative tickers
 * from the stream ({@link #fill}), so they carry the last value polled. No extra events: the stream's
 * tickers keep their times and order. A failed poll keeps the last value and is counted.
 */
final class OpenInterestPoller {
    private static final Logger LOG = LoggerFactory.getLogger(OpenInterestPoller.class);

    /** The last value polled for one symbol. */
    private static final class Polled {
        volatile double openInterest = Double.NaN;
    }

    private final VenueProtocol protocol;
    private final URI restUri;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final FeedStats stats;
    private final Map<String, Polled> bySymbol = new LinkedHashMap<>();
    private final DerivativeTicker scratch = new DerivativeTicker();
    private volatile boolean running;

    OpenInterestPoller(VenueProtocol protocol, URI restUri, HttpClient http, ScheduledExecutorService scheduler, FeedStats stats,
                       List<String> symbols) {
        this.protocol = protocol;
        this.restUri = restUri;
        this.http = http;
        this.scheduler = scheduler;
        this.stats = stats;
        symbols.forEach(s -> bySymbol.put(s, new Polled()));
    }

    void start() {
        running = true;
        long every = protocol.openInterestPollMillis();
        for (String symbol : bySymbol.keySet()) {
            scheduler.scheduleWithFixedDelay(() -> poll(symbol), 0, every, TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        running = false;
    }

    /** Writes the last polled open interest of the symbol into a ticker from the stream that has none. */
    void fill(String symbol, DerivativeTicker ticker) {
        Polled p = bySymbol.get(symbol);
        if (p != null && Double.isNaN(ticker.openInterest())) {
            ticker.openInterest(p.openInterest);
        }
    }

    private void poll(String symbol) {
        if (!running) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(restUri.resolve(protocol.restOpenInterestPath(symbol)))
                .timeout(Duration.ofSeconds(10)).GET().build();
        stats.restRequests.incrementAndGet();
        // asynchronous: the scheduler thread is shared with reconnects and pings
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            try {
                if (error != null || response.statusCode() != 200) {
                    throw new MalformedFrameException(error != null ? error.toString() : "HTTP " + response.statusCode());
                }
                synchronized (scratch) {
                    protocol.decodeOpenInterest(response.body(), scratch);
                    bySymbol.get(symbol).openInterest = scratch.openInterest();
                }
            } catch (MalformedFrameException e) {
                stats.restFailures.incrementAndGet();
                LOG.warn("{}: open interest of {} not polled: {}", protocol.exchange(), symbol, e.getMessage());
            }
        });
    }
}
