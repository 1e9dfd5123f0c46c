package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.Event;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A FrameSink that keeps copies of what it is given. */
final class RecordingSink implements FrameSink {
    record Received(Subscription subscription, Event event) {
    }

    final List<Received> events = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int heartbeats;

    @Override
    public void onEvent(Subscription subscription, Event event) {
        events.add(new Received(subscription, event.copy()));
    }

    @Override
    public void onSubscriptionError(String message) {
        errors.add(message);
    }

    @Override
    public void onHeartbeat() {
        heartbeats++;
    }

    Event only() {
        if (events.size() != 1) {
            throw new AssertionError("expected one event, got " + events);
        }
        return events.get(0).event();
    }

    void clear() {
        events.clear();
        errors.clear();
        heartbeats = 0;
    }

    static String fixture(String name) {
        try (InputStream in = RecordingSink.class.getResourceAsStream("/fixtures/bybit/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void decode(io.featurizer.exchanges.protocol.FrameDecoder decoder, String frame, long receiptTs, FrameSink sink)
            throws MalformedFrameException {
        byte[] b = frame.getBytes(StandardCharsets.UTF_8);
        decoder.decode(b, 0, b.length, receiptTs, sink);
    }
}
