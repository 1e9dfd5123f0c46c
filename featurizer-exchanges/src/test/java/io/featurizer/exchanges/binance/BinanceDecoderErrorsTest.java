package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.featurizer.exchanges.binance.RecordingSink.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies, errors and garbage: what the sink hears, and what is refused with which message. */
class BinanceDecoderErrorsTest {
    private static final List<Subscription> SUBS = List.of(new Subscription("BTC-USDT", Channel.L2_BOOK),
            new Subscription("BTC-USDT", Channel.TRADES), new Subscription("BTC-USDT", Channel.TICKER));
    private static final String SPOT_DEPTH = "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":5,\"u\":6,\"b\":[[\"1.5\",\"2\"]],\"a\":[]}";

    private final FrameDecoder spot = BinanceProtocol.spot().newDecoder(SUBS);
    private final FrameDecoder futures = BinanceProtocol.futures().newDecoder(SUBS);
    private final RecordingSink sink = new RecordingSink();

    private void decode(FrameDecoder d, String frame) throws MalformedFrameException {
        byte[] b = utf8(frame);
        d.decode(b, 0, b.length, 7L, sink);
    }

    private String refused(FrameDecoder d, String frame) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode(d, frame), frame);
        assertTrue(sink.events.isEmpty(), "no event from a refused frame");
        return e.getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + message + "' should mention " + p);
        }
    }

    @Test
    void subscriptionAckAndListReplyAreHeartbeats() throws Exception {
        decode(spot, "{\"result\":null,\"id\":1}");
        decode(spot, "{\"result\":[\"btcusdt@depth@100ms\"],\"id\":3}");
        decode(spot, "{\"result\":true,\"id\":\"abc\"}");
        assertEquals(3, sink.heartbeats);
        assertTrue(sink.events.isEmpty());
        assertTrue(sink.errors.isEmpty());
    }

    @Test
    void errorRepliesAreSubscriptionErrorsWithCodeAndMessage() throws Exception {
        decode(spot, "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown variant FOO\"},\"id\":1}");
        decode(futures, "{\"code\": 3, \"msg\": \"Invalid JSON: expected value at line 1 column 1\"}");
        decode(spot, "{\"code\":0,\"msg\":\"Unknown property\",\"id\":5}");
        assertEquals(3, sink.errors.size());
        contains(sink.errors.get(0), "BINANCE", "2", "Invalid request: unknown variant FOO");
        contains(sink.errors.get(1), "BINANCE_FUTURES", "3", "Invalid JSON: expected value at line 1 column 1");
        contains(sink.errors.get(2), "0", "Unknown property");
        assertTrue(sink.events.isEmpty());
        assertEquals(0, sink.heartbeats);
    }

    @Test
    void errorMessageWithEscapesIsDecoded() throws Exception {
        decode(spot, "{\"error\":{\"code\":2,\"msg\":\"bad \\\"param\\\" \\u00e9\"},\"id\":null}");
        contains(sink.errors.get(0), "bad \"param\" \u00e9");
    }

    @Test
    void notJsonIsRefused() {
        contains(refused(spot, "hello"), "BINANCE", "invalid JSON", "hello");
        contains(refused(spot, ""), "invalid JSON");
        contains(refused(spot, "{this is not json"), "invalid JSON", "field name");
        contains(refused(spot, SPOT_DEPTH.substring(0, 40)), "invalid JSON", "ends");
        contains(refused(spot, SPOT_DEPTH + " x"), "after the JSON value");
        contains(refused(spot, "{\"e\":\"trade\",}"), "invalid JSON");
        contains(refused(spot, "[1,2]"), "expected a JSON object");
        contains(refused(spot, "42"), "expected a JSON object");
    }

    @Test
    void unknownEventTypeIsRefusedByName() {
        contains(refused(spot, "{\"e\":\"fooEvent\",\"E\":1,\"s\":\"BTCUSDT\"}"), "unknown event type 'fooEvent'",
                "expected depthUpdate, trade, aggTrade, bookTicker, markPriceUpdate or forceOrder");
    }

    @Test
    void objectWithNothingBinanceInItIsRefused() {
        contains(refused(spot, "{\"foo\":1}"), "expected a stream event");
        contains(refused(spot, "{}"), "expected a stream event");
    }

    @Test
    void missingFieldsAreNamed() {
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"u\":6,\"b\":[],\"a\":[]}"), "depthUpdate without 'U'");
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":5,\"u\":6,\"b\":[]}"), "depthUpdate without 'a'");
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"U\":5,\"u\":6,\"b\":[],\"a\":[]}"), "depthUpdate without 'E'");
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"E\":1,\"U\":5,\"u\":6,\"b\":[],\"a\":[]}"), "depthUpdate without 's'");
        contains(refused(futures, SPOT_DEPTH), "depthUpdate without 'pu'"); // futures links events by pu
        contains(refused(spot, "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":1,\"q\":\"1\",\"m\":true}"), "trade without 'p'");
        contains(refused(spot, "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"1\"}"), "trade without 'm'");
        contains(refused(futures, "{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"p\":\"1\",\"q\":\"1\",\"m\":true}"), "aggTrade without 'a'");
        contains(refused(spot, "{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"1\",\"B\":\"1\",\"a\":\"2\"}"), "expected a stream event");
        contains(refused(spot, "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"1\",\"B\":\"1\",\"a\":\"2\"}}"),
                "bookTicker without 'A'");
    }

    @Test
    void mistypedFieldsAreNamed() {
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"E\":\"soon\",\"s\":\"BTCUSDT\",\"U\":5,\"u\":6,\"b\":[],\"a\":[]}"),
                "'E' must be an integer");
        contains(refused(spot, "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1.2.3\",\"q\":\"1\",\"m\":true}"),
                "'1.2.3' is not a decimal number");
        contains(refused(spot, "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"m\":\"yes\"}"),
                "'m' (buyer is maker) must be true or false");
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":5,\"u\":6,\"b\":[[\"1\"]],\"a\":[]}"),
                "[price, quantity]");
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":5,\"u\":6,\"b\":[\"1\",\"2\"],\"a\":[]}"),
                "[price, quantity]");
        contains(refused(spot, "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":99999999999999999999,\"u\":6,\"b\":[],\"a\":[]}"),
                "out of range");
        contains(refused(spot, "{\"stream\":\"x\",\"data\":[1]}"), "'data' must be the event object");
    }

    @Test
    void symbolNotSubscribedIsRefused() {
        contains(refused(spot, SPOT_DEPTH.replace("BTCUSDT", "ETHUSDT")), "'ETHUSDT'", "did not subscribe", "BTCUSDT");
    }

    @Test
    void aRefusedFrameLeavesNothingBehindForTheNext() throws Exception {
        // bids parsed, then the frame fails: the next frame must not inherit them
        refused(spot, "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"b\":[[\"9\",\"9\"],[\"8\",\"8\"]],\"a\":[]}");
        refused(spot, "{\"e\":\"depthUpdate\",\"b\":[[\"7\",\"7\"]],\"a\":[[\"6\",\"6\"]");
        decode(spot, SPOT_DEPTH);
        BookUpdate b = sink.only(BookUpdate.class);
        assertEquals(1, b.bidCount());
        assertEquals(1.5, b.bidPrice(0));
        assertEquals(2.0, b.bidSize(0));
        assertEquals(0, b.askCount());
        assertEquals(5, b.firstSeq());
    }

    @Test
    void fieldOrderDoesNotMatterAndUnknownFieldsAreSkipped() throws Exception {
        decode(futures, "{\"data\":{\"a\":[[\"2\",\"3\"]],\"x\":{\"nested\":[1,{\"a\":\"9\"}]},\"pu\":4,\"u\":6,\"U\":5,\"s\":\"BTCUSDT\","
                + "\"b\":[[\"1\",\"2\",[]]],\"E\":10,\"e\":\"depthUpdate\"},\"stream\":\"btcusdt@depth@100ms\"}");
        BookUpdate b = sink.only(BookUpdate.class);
        assertEquals(10_000_000L, b.ts());
        assertEquals(5, b.firstSeq());
        assertEquals(6, b.lastSeq());
        assertEquals(4, b.prevSeq());
        assertEquals(1, b.bidCount());
        assertEquals(1.0, b.bidPrice(0));
        assertEquals(2.0, b.askPrice(0));
        assertEquals(3.0, b.askSize(0));
    }

    @Test
    void decodesASliceOfALargerBuffer() throws Exception {
        byte[] frame = utf8("garbage" + SPOT_DEPTH + "more garbage");
        spot.decode(frame, 7, SPOT_DEPTH.length(), 7L, sink);
        assertEquals(1.5, sink.only(BookUpdate.class).bidPrice(0));
    }
}
