package io.featurizer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.serve.inference.MidVectors;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that negotiates permessage-deflate (RFC 7692) gets one compressed frame per message, never a framed run
 * (whose payload an extension would compress as one): a burst arrives whole and in order, each frame inflated here.
 * The client is a plain socket speaking RFC 6455 and RFC 7692 as written in the RFCs.
 */
class DeflateClientTest {
    @Test
    void aDeflateClientGetsOneCompressedFramePerMessageInOrder() throws Exception {
        int n = 2_000;
        VectorHub hub = new VectorHub(MidVectors.FEATURES, () -> -1, VectorHub.Limits.DEFAULT);
        try (FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of());
             Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("featurizer-test-1".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String response = headers(in);
            assertTrue(response.startsWith("HTTP/1.1 101"), response);
            assertTrue(response.toLowerCase().contains("sec-websocket-extensions: permessage-deflate"), "deflate negotiated: " + response);
            Clients.await("the client attached", () -> hub.clients().size() == 1, 10_000);

            MidVectors vectors = new MidVectors();
            for (int i = 0; i < n; i++) {
                hub.publish(vectors.next(i), 10L * i);
            }
            Inflater inflater = new Inflater(true); // one context over the connection: no *_no_context_takeover was negotiated
            List<JsonNode> received = new ArrayList<>();
            while (received.size() < n) {
                int b0 = in.readUnsignedByte();
                assertEquals(0x80 | 0x40 | 0x1, b0, "a final, compressed (RSV1) text frame");
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                received.add(PushTest.JSON.readTree(inflate(inflater, payload)));
            }
            for (int i = 0; i < n; i++) {
                JsonNode m = received.get(i);
                assertEquals(i, m.get("vector").asLong());
                assertEquals(10L * i, m.get("sequence").asLong());
                assertEquals(100.0 + i, m.get("mid-mid_price").asDouble(), 0.0, "vector " + i);
            }
            assertEquals(0, hub.clients().get(0).dropped());
        } finally {
            hub.close();
        }
    }

    /** RFC 7692 7.2.2: append 0x00 0x00 0xff 0xff to the payload and inflate. */
    private static byte[] inflate(Inflater inflater, byte[] payload) throws Exception {
        byte[] tail = {0, 0, (byte) 0xFF, (byte) 0xFF};
        byte[] all = new byte[payload.length + 4];
        System.arraycopy(payload, 0, all, 0, payload.length);
        System.arraycopy(tail, 0, all, payload.length, 4);
        inflater.setInput(all);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int k;
        while ((k = inflater.inflate(buf)) > 0) {
            text.write(buf, 0, k);
        }
        return text.toByteArray();
    }

    private static String headers(DataInputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            b.write(in.readUnsignedByte());
            byte[] a = b.toByteArray();
            int l = a.length;
            if (l >= 4 && a[l - 4] == '\r' && a[l - 3] == '\n' && a[l - 2] == '\r' && a[l - 1] == '\n') {
                return new String(a, StandardCharsets.US_ASCII);
            }
        }
    }
}
