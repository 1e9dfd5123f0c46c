package io.featurizer.serve.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.sim.SimulatedVenues;
import io.featurizer.serve.FeatureServer;
import io.featurizer.serve.ServeOptions;
import io.featurizer.serve.VectorHub;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver (no
 * Selenium Manager: nothing is downloaded), against the real feature server on an ephemeral loopback port, fed by the
 * live path from the local exchange simulator. Skipped when Chromium is not installed, except on CI ({@code .ci/run}
 * installs it), where that is a failure.
 */
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String TOKEN = "dash board/+&token"; // needs URL-encoding on the way

    static final String SOURCE = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";
    static final String YAML = """
            feature_configs:
              - {feature_definition: l2_book.l2_snapshot_fd, name: book, params: {data_source: [%1$s], feature: {0: {depth: 5, sampling: raw}}}}
              - {feature_definition: price.mid_price_fd, name: mid, params: {data_source: [%1$s]}}
              - {feature_definition: spread.relative_bid_ask_spread_fd, name: spread, params: {data_source: [%1$s]}}
              - {feature_definition: tvi.trade_volume_imb_fd, name: tvi_10s, params: {data_source: [%1$s], feature: {0: {window: 10s}}}}
            """.formatted(SOURCE);
    /** The config's one-number fields, in vector order: the book's four fields are arrays, so the page charts these three. */
    static final List<String> SCALARS = List.of("mid-mid_price", "spread-spread", "tvi_10s-tvi");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void chartsTheLiveStreamAndShowsExactlyTheServersLatestValues() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            fail("CI must run the dashboard's browser test: .ci/run installs chromium and chromium-driver, yet " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        assumeTrue(installed, "dashboard browser test skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
                + " (install Debian's packages: apt-get install -y chromium chromium-driver)");

        FeaturizerConfig config = FeaturizerConfig.parse(YAML, "dashboard.yaml");
        AtomicReference<VectorHub> hubRef = new AtomicReference<>();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(v -> hubRef.get().publish(v)).build();
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(7).withRates(200, 40, 20);
        try (SimulatedVenues venues = SimulatedVenues.start(graph.getIns(), market, 400)) {
            LiveEventEmitter emitter = new LiveEventEmitter(venues.endpoints());
            VectorHub hub = new VectorHub(graph.getOuts(), emitter::currentSequence, VectorHub.Limits.DEFAULT);
            hubRef.set(hub);
            DashboardRoutes dashboard = new DashboardRoutes(graph.getOuts(), new LiveFeedHealth(emitter));
            try (FeatureServer server = FeatureServer.start(new ServeOptions("127.0.0.1", 0, TOKEN, false), hub, List.of(dashboard))) {
                assertEquals(401, get(server.url(), null).statusCode(), "the page needs the token like every route");
                emitter.feed(graph);
                emitter.start();
                WebDriver browser = chromium();
                try {
                    browser.get(server.url() + "?token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
                    watchLive(browser);
                    Path shot = Path.of("target", "dashboard.png");
                    Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
                    assertTrue(Files.size(shot) > 10_000, "a screenshot with content: " + shot);

                    emitter.stop(); // the stream ends: the page's last vector and the pull API's latest values must then agree
                    checkQuiescentPage(browser, server, hub, emitter);
                } finally {
                    browser.quit();
                    emitter.stop();
                }
            }
        }
    }

    /** Live: the default charts appear and grow, the picker adds and removes charts, the feed shows as live. */
    private void watchLive(WebDriver browser) {
        // with no pick, the first four one-number fields are charted: here the config has three
        assertEquals(SCALARS, until(browser, d -> {
            List<String> keys = panelKeys(d);
            return keys.isEmpty() ? null : keys;
        }));
        int first = until(browser, d -> {
            int n = points(d, "mid-mid_price");
            return n > 0 ? n : null;
        });
        int later = until(browser, d -> {
            int n = points(d, "mid-mid_price");
            return n >= first + 100 ? n : null; // a few seconds at 20 vectors/s: a chart worth a screenshot
        });
        assertTrue(later > first);
        assertFalse(browser.findElements(By.cssSelector(".panel[data-key='mid-mid_price'] canvas")).isEmpty(), "uPlot drew a canvas");
        assertEquals("open", attr(browser, "#connection", "data-state")[0]);

        // the picker: unticking a field removes its chart, ticking it again adds it back (at the end)
        WebElement spread = browser.findElement(By.cssSelector("#picker input[data-key='spread-spread']"));
        assertTrue(spread.isSelected());
        spread.click();
        assertEquals(List.of("mid-mid_price", "tvi_10s-tvi"), panelKeys(browser));
        spread.click();
        assertEquals(List.of("mid-mid_price", "tvi_10s-tvi", "spread-spread"), panelKeys(browser));

        // the feed: live once connected and the book is built from its snapshot
        until(browser, d -> "live".equals(cell(d, "BINANCE/spot", "feed-state", "data-state")) ? true : null);
        // the top of book shows a positive spread (best ask above best bid)
        until(browser, d -> {
            String[] bidAsk = attr(d, ".book[data-feature='book'] .best-bid", "data-value", ".book[data-feature='book'] .best-ask", "data-value");
            return bidAsk[0] != null && !bidAsk[0].equals("null") && Double.parseDouble(bidAsk[1]) > Double.parseDouble(bidAsk[0]) ? true : null;
        });
    }

    /**
     * After the emitter stopped: the page received the last vector the hub published, and every value it shows (chart
     * headers, best bid and ask) is exactly the one the pull API answers; the feed table shows the emitter's counters.
     */
    private void checkQuiescentPage(WebDriver browser, FeatureServer server, VectorHub hub, LiveEventEmitter emitter) throws Exception {
        long published;
        do { // a vector in flight when stop() returned would still be published: wait until the count holds still
            published = hub.vectorsPublished();
            long last = published - 1;
            until(browser, d -> String.valueOf(last).equals(attr(d, "#vectors", "data-last-vector")[0]) ? true : null);
        } while (hub.vectorsPublished() != published);
        assertTrue(published > 20, "vectors published: " + published);

        HttpResponse<String> pulled = get(server.url() + "v1/features/latest", TOKEN);
        assertEquals(200, pulled.statusCode(), pulled.body());
        JsonNode latest = json.readTree(pulled.body());
        for (String key : SCALARS) {
            String feature = key.substring(0, key.lastIndexOf('-'));
            double expected = latest.get(feature).get(key).doubleValue();
            String shown = attr(browser, ".latest[data-key='" + key + "']", "data-value")[0];
            assertEquals(expected, Double.parseDouble(shown), 0.0, key + ": the page shows " + shown + ", the pull API says " + expected);
        }
        JsonNode book = latest.get("book");
        String[] bidAsk = attr(browser, ".book[data-feature='book'] .best-bid", "data-value", ".book[data-feature='book'] .best-ask", "data-value");
        assertEquals(book.get("book-bid_prices").get(0).doubleValue(), Double.parseDouble(bidAsk[0]), 0.0, "best bid");
        assertEquals(book.get("book-ask_prices").get(0).doubleValue(), Double.parseDouble(bidAsk[1]), 0.0, "best ask");

        // the feed row is polled once a second: it comes to show the emitter's own counters
        until(browser, d -> {
            FeedStats stats = emitter.stats().get("BINANCE/spot");
            String[] shown = attr(d, "#feeds tr[data-feed='BINANCE/spot'] td.feed-events", "data-value",
                    "#feeds tr[data-feed='BINANCE/spot'] td.feed-resyncs", "data-value");
            return String.valueOf(stats.events()).equals(shown[0]) && String.valueOf(stats.resyncs()).equals(shown[1]) ? true : null;
        });
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static int points(WebDriver d, String key) {
        String n = attr(d, ".chart[data-key='" + key + "']", "data-points")[0];
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static List<String> panelKeys(WebDriver d) {
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) ((JavascriptExecutor) d).executeScript(
                "return Array.from(document.querySelectorAll('#charts .panel')).map(p => p.getAttribute('data-key'));");
        return keys;
    }

    private static String cell(WebDriver d, String feed, String column, String attribute) {
        return attr(d, "#feeds tr[data-feed='" + feed + "'] td." + column, attribute)[0];
    }

    /**
     * Attributes of elements, as pairs (CSS selector, attribute name), read in one script: the page redraws parts of
     * itself several times a second, so values read together come from one redraw and no element goes stale in between.
     */
    private static String[] attr(WebDriver d, String... selectorsAndAttributes) {
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) ((JavascriptExecutor) d).executeScript("""
                const out = [];
                for (let i = 0; i < arguments.length; i += 2) {
                  const e = document.querySelector(arguments[i]);
                  out.push(e ? e.getAttribute(arguments[i + 1]) : null);
                }
                return out;""", (Object[]) selectorsAndAttributes);
        return values.toArray(new String[0]);
    }

    /** Waits (generously: the machine is shared) until the condition gives a non-null value, and returns it. */
    private static <T> T until(WebDriver browser, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).until(condition::apply);
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
