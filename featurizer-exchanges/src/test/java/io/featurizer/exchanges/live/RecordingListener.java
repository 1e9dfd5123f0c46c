package io.featurizer.exchanges.live;

import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Records what a {@link VenueWebSocket} reports: copies of messages, the open, and the (only) close. */
class RecordingListener implements VenueWebSocket.Listener {
    record Message(byte[] payload, long receiptTs, long deliveredTs) {
    }

    record Close(int code, String reason, boolean remote) {
    }

    final CompletableFuture<VenueWebSocket> opened = new CompletableFuture<>();
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    final AtomicInteger closeCalls = new AtomicInteger();

    @Override
    public void onOpen(VenueWebSocket socket) {
        opened.complete(socket);
    }

    @Override
    public void onFrame(byte[] buf, int off, int len, long receiptTs) {
        messages.add(new Message(Arrays.copyOfRange(buf, off, off + len), receiptTs, Clock.nowNanos()));
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCalls.incrementAndGet();
        closed.complete(new Close(code, reason, remote));
    }

    Message next() throws InterruptedException {
        Message m = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no message within 10 s");
        return m;
    }

    Close awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}
