package io.featurizer.serve;

/**
 * One connected push client, as seen at the moment of the call.
 *
 * @param id         server-assigned id, e.g. {@code ws-3}
 * @param kind       {@code ws} or {@code sse}
 * @param remote     the client's address
 * @param format     {@code json} or {@code binary}
 * @param queueDepth messages waiting to be sent to it
 * @param dropped    messages dropped because its queue was full (oldest first)
 * @param skipped    vectors not sent because of its sampling interval ({@code every=})
 * @param sent       messages sent to it
 * @param writes     batches handed to its connection: fewer than {@code sent} when it had to catch up
 */
public record ClientStats(String id, String kind, String remote, String format, int queueDepth, long dropped, long skipped, long sent, long writes) {
}
