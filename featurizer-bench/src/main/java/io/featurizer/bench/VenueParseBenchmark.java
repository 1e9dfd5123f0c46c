package io.featurizer.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.core.text.Decimals;
import io.featurizer.exchanges.live.VenueProtocols;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.JsonCursor;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueEncoder;
import io.featurizer.exchanges.protocol.VenueProtocol;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse + normalize throughput of each venue's decoder for depth updates (ops = frames): frames are
 * written by the venue's simulator encoder from the synthetic market's book messages (1 to 4 levels
 * each), then decoded into the reused {@code BookUpdate} again and again. A fresh decoder per pass
 * over the frames keeps venues that track a connection sequence (Coinbase) reading every frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class VenueParseBenchmark {
    static final int FRAMES = 16_384;
    static final int BATCH = 1024;

    @Param({"BINANCE", "BINANCE_FUTURES", "BYBIT", "OKX", "COINBASE"})
    public String venue;

    private VenueProtocol protocol;
    private List<Subscription> subscriptions;
    private byte[][] frames;
    private FrameDecoder decoder;
    private int position;
    private final Sink sink = new Sink();

    /** Counts what the decoder produced so the work is not optimized away. */
    static final class Sink implements FrameSink {
        long levels;

        @Override
        public void onEvent(Subscription subscription, Event event) {
            BookUpdate u = (BookUpdate) event;
            levels += u.bidCount() + u.askCount();
        }

        @Override
        public void onSubscriptionError(String message) {
            throw new IllegalStateException(message);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws MalformedFrameException {
        String type = venue.equals("BINANCE_FUTURES") || venue.equals("BYBIT") ? "perpetual" : "spot";
        protocol = VenueProtocols.forVenue(venue, type);
        String symbol = venue.equals("COINBASE") ? "BTC-USD" : "BTC-USDT";
        Subscription book = new Subscription(symbol, Channel.L2_BOOK);
        subscriptions = List.of(book);
        VenueEncoder encoder = SimulatedVenues.encoder(protocol);
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Config.defaults(5).withRates(2000, 0, 0));
        market.next(); // the opening snapshot
        OrderBook truth = market.truth();
        BookUpdate first = (BookUpdate) market.event();
        encoder.parseSubscribe(protocol.subscribeFrames(subscriptions).get(0));
        encoder.acknowledge(subscriptions, s -> first);
        frames = new byte[FRAMES][];
        for (int i = 0; i < FRAMES; i++) {
            market.next();
            frames[i] = encoder.bookFrame(symbol, (BookUpdate) market.event(), truth).getBytes(StandardCharsets.UTF_8);
        }
        decoder = protocol.newDecoder(subscriptions);
    }

    private final JsonCursor cursor = new JsonCursor();
    private static final JsonFactory JACKSON = new JsonFactory();

    /**
     * The shared JSON cursor alone: every value of the frame walked, every number and every string
     * of digits and '.' read as a decimal (what a decoder does with prices and sizes). The peer of
     * {@link #walkWithJackson}.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double walkWithCursor() throws MalformedFrameException {
        double sum = 0;
        for (int i = 0; i < BATCH; i++) {
            byte[] f = frames[(position + i) & (FRAMES - 1)];
            cursor.reset(f, 0, f.length);
            sum += walk(cursor);
            cursor.expectEnd();
        }
        position = (position + BATCH) & (FRAMES - 1);
        return sum;
    }

    private static double walk(JsonCursor c) throws MalformedFrameException {
        int t = c.peek();
        double sum = 0;
        if (t == '{') {
            c.beginObject();
            while (c.nextField()) {
                sum += walk(c);
            }
        } else if (t == '[') {
            c.beginArray();
            while (c.nextElement()) {
                sum += walk(c);
            }
        } else if (t == '"') {
            c.readString();
            if (isDecimal(c.bytes(), c.stringStart(), c.stringLength())) {
                sum += Decimals.parse(c.bytes(), c.stringStart(), c.stringStart() + c.stringLength());
            }
        } else if (t == '-' || isDigit((byte) t)) {
            sum += c.readDecimal();
        } else {
            c.skipValue();
        }
        return sum;
    }

    /** The same walk with Jackson's streaming parser (one parser per frame, decimals from its text buffer). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double walkWithJackson() throws IOException {
        double sum = 0;
        for (int i = 0; i < BATCH; i++) {
            byte[] f = frames[(position + i) & (FRAMES - 1)];
            try (JsonParser p = JACKSON.createParser(f, 0, f.length)) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.VALUE_STRING) {
                        char[] chars = p.getTextCharacters();
                        int off = p.getTextOffset();
                        int len = p.getTextLength();
                        if (isDecimal(chars, off, len)) {
                            sum += Decimals.parse(CharBuffer.wrap(chars, off, len));
                        }
                    } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        sum += p.getDoubleValue();
                    }
                }
            }
        }
        position = (position + BATCH) & (FRAMES - 1);
        return sum;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Digits and '.', not empty: a price or a size, not a time or an id with letters. */
    private static boolean isDecimal(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (!isDigit(b[i]) && b[i] != '.') {
                return false;
            }
        }
        return len > 0;
    }

    private static boolean isDecimal(char[] c, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if ((c[i] < '0' || c[i] > '9') && c[i] != '.') {
                return false;
            }
        }
        return len > 0;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long decodeDepthUpdates() throws MalformedFrameException {
        for (int i = 0; i < BATCH; i++) {
            byte[] f = frames[position];
            decoder.decode(f, 0, f.length, 1, sink);
            if (++position == FRAMES) {
                position = 0;
                decoder = protocol.newDecoder(subscriptions);
            }
        }
        return sink.levels;
    }
}
