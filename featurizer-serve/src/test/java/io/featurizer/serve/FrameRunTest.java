package io.featurizer.serve;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eclipse.jetty.websocket.core.internal.Generator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A framed run, written the way Jetty writes a frame (its own {@link Generator} makes the header from the payload length,
 * then the payload goes out as it is), reads back as one ordinary RFC 6455 frame per message: parsed here by a reader
 * written from the RFC, over lengths on both sides of each header size (125/126, 65535/65536) and mixed text and binary.
 */
class FrameRunTest {
    @Property(tries = 300)
    void aRunReadsBackAsOneFramePerMessage(@ForAll("messages") List<PushMessage> messages) {
        FrameRun run = FrameRun.of(messages, ByteBuffer::allocate);
        ByteBuffer header = ByteBuffer.allocate(Generator.MAX_HEADER_LENGTH);
        header.flip();
        new Generator().generateHeader(run, header);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(header.array(), header.position(), header.remaining());
        ByteBuffer payload = run.getPayload();
        wire.write(payload.array(), payload.position(), payload.remaining());

        List<byte[]> frames = new ArrayList<>();
        List<Integer> opCodes = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(wire.toByteArray());
        while (in.hasRemaining()) {
            int b0 = in.get() & 0xFF;
            assertEquals(0x80, b0 & 0xF0, "FIN set, no reserved bits");
            opCodes.add(b0 & 0x0F);
            int b1 = in.get() & 0xFF;
            assertEquals(0, b1 & 0x80, "a server's frame is not masked");
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.getShort() & 0xFFFF;
                assertTrue(length >= 126, "the shortest length encoding (RFC 6455 5.2): " + length);
            } else if (length == 127) {
                length = in.getLong();
                assertTrue(length > 0xFFFF, "the shortest length encoding (RFC 6455 5.2): " + length);
            }
            byte[] p = new byte[(int) length];
            in.get(p);
            frames.add(p);
        }
        assertEquals(messages.size(), frames.size(), "one frame per message");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(messages.get(i).isBinary() ? 2 : 1, opCodes.get(i), "opcode of message " + i);
            assertArrayEquals(messages.get(i).bytes(), frames.get(i), "payload of message " + i);
        }
    }

    @Provide
    Arbitrary<List<PushMessage>> messages() {
        Arbitrary<Integer> length = Arbitraries.oneOf(
                Arbitraries.of(0, 1, 124, 125, 126, 127, 65_535, 65_536, 70_000),
                Arbitraries.integers().between(0, 400));
        Arbitrary<PushMessage> message = net.jqwik.api.Combinators.combine(length, Arbitraries.of(true, false), Arbitraries.bytes())
                .as((n, binary, fill) -> {
                    byte[] b = new byte[n];
                    Arrays.fill(b, fill);
                    if (n > 0) {
                        b[n - 1] = n.byteValue(); // the end of each message differs from its fill
                    }
                    return new PushMessage(n, binary, b);
                });
        return message.list().ofMinSize(1).ofMaxSize(12);
    }
}
