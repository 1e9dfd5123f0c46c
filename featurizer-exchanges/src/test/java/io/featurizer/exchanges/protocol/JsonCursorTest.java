package io.featurizer.exchanges.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared JSON cursor against an independent parser (Jackson's streaming parser). */
class JsonCursorTest {
    private static final JsonFactory JACKSON = new JsonFactory();

    /** Tokens as "KIND:text", walked with the cursor's structured calls, or null when the document is not valid JSON. */
    static List<String> cursor(String doc) {
        byte[] b = doc.getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor().reset(b, 0, b.length);
        List<String> out = new ArrayList<>();
        try {
            walk(c, out);
            c.expectEnd();
            return out;
        } catch (MalformedFrameException e) {
            return null;
        }
    }

    private static void walk(JsonCursor c, List<String> out) throws MalformedFrameException {
        switch (c.peek()) {
            case '{' -> {
                c.beginObject();
                out.add("{");
                while (c.nextField()) {
                    out.add("F:" + c.key());
                    walk(c, out);
                }
                out.add("}");
            }
            case '[' -> {
                c.beginArray();
                out.add("[");
                while (c.nextElement()) {
                    walk(c, out);
                }
                out.add("]");
            }
            case '"' -> {
                c.readString();
                out.add("S:" + c.text());
            }
            case 't', 'f' -> out.add(String.valueOf(c.readBoolean()));
            case 'n' -> {
                if (!c.nextIsNull()) {
                    throw new AssertionError("'n' but not null");
                }
                out.add("null");
            }
            default -> {
                int from = c.position();
                c.skipValue(); // a number, or a value that is none of the above and must fail
                out.add("N:" + c.textAt(from, c.position() - from));
            }
        }
    }

    /** True when skipping the root value, unread, accepts the document. */
    static boolean skipAccepts(String doc) {
        byte[] b = doc.getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor().reset(b, 0, b.length);
        try {
            c.skipValue();
            c.expectEnd();
            return true;
        } catch (MalformedFrameException e) {
            return false;
        }
    }

    static List<String> jackson(String doc) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JACKSON.createParser(doc.getBytes(StandardCharsets.UTF_8))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null; // empty document
            }
            int depth = 0;
            do {
                switch (t) {
                    case START_OBJECT -> {
                        out.add("{");
                        depth++;
                    }
                    case END_OBJECT -> {
                        out.add("}");
                        depth--;
                    }
                    case START_ARRAY -> {
                        out.add("[");
                        depth++;
                    }
                    case END_ARRAY -> {
                        out.add("]");
                        depth--;
                    }
                    case FIELD_NAME -> out.add("F:" + p.getText());
                    case VALUE_STRING -> out.add("S:" + p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.add("N:" + p.getText());
                    case VALUE_TRUE -> out.add("true");
                    case VALUE_FALSE -> out.add("false");
                    case VALUE_NULL -> out.add("null");
                    default -> throw new AssertionError(t);
                }
                if (depth == 0) {
                    break;
                }
                t = p.nextToken();
            } while (t != null);
            if (depth != 0 || p.nextToken() != null) {
                return null; // unterminated, or a second root value
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void handPickedDocuments() {
        for (String doc : List.of("{}", "[]", " { \"a\" : [ 1 , -0 , 2.5e-3 , 1E+2 , true , false , null ] }\n", "\"x\"", "0", "-12",
                "{\"s\":\"tab\\tquote\\\"slash\\/back\\\\uni\\u00e9\\ud83d\\ude00\"}", "{\"nested\":{\"a\":[[],[{}]]}}",
                "{\"k\":\"caf\u00e9 \u4e2d\"}", "[\"\u007f\"]")) {
            List<String> expected = jackson(doc);
            assertEquals(expected, cursor(doc), doc);
            if (expected == null) {
                throw new AssertionError("meant to be valid: " + doc);
            }
            assertEquals(true, skipAccepts(doc), doc);
        }
        for (String bad : List.of("", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "01", "1.", ".5", "+1", "-",
                "1e", "1e+", "tru", "truex", "nul", "[1 2]", "{} {}", "{}x", "\"\\x\"", "\"\\u12g4\"", "\"a\nb\"", "[\"\t\"]",
                "{\"a\":1}}", "[[]", "/* c */ {}", "NaN", "[01]", "{\"a\"}")) {
            assertEquals(null, jackson(bad), "Jackson accepts " + bad);
            assertEquals(null, cursor(bad), bad);
            assertEquals(false, skipAccepts(bad), bad);
        }
    }

    @Test
    void randomDocumentsTokenizeAsJacksonDoes() {
        SplittableRandom r = new SplittableRandom(20240501);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            value(sb, r, 0, true);
            String doc = sb.toString();
            assertEquals(jackson(doc), cursor(doc), doc);
            assertEquals(true, skipAccepts(doc), doc);
        }
    }

    @Test
    void mutatedDocumentsAreAcceptedOrRefusedAsJacksonDoes() {
        SplittableRandom r = new SplittableRandom(99);
        String alphabet = "{}[],:\"\\ 0123456789-+.eEtrufalsn/x\t\u007f";
        int refused = 0;
        for (int i = 0; i < 8_000; i++) {
            StringBuilder sb = new StringBuilder();
            value(sb, r, 0, true);
            char[] doc = sb.toString().toCharArray();
            int edits = 1 + r.nextInt(3);
            String mutated;
            if (r.nextInt(4) == 0) {
                mutated = new String(doc, 0, r.nextInt(Math.max(1, doc.length))); // truncated
            } else {
                for (int k = 0; k < edits && doc.length > 0; k++) {
                    doc[r.nextInt(doc.length)] = alphabet.charAt(r.nextInt(alphabet.length()));
                }
                mutated = new String(doc);
            }
            List<String> expected = jackson(mutated);
            assertEquals(expected, cursor(mutated), mutated);
            assertEquals(expected != null, skipAccepts(mutated), mutated);
            if (expected == null) {
                refused++;
            }
        }
        if (refused < 2_500) {
            throw new AssertionError("too few invalid documents to mean anything: " + refused);
        }
    }

    @Test
    void integersAndDecimals() throws Exception {
        JsonCursor c = new JsonCursor();
        byte[] b = ("[9223372036854775807,-9223372036854775808,9223372036854775808,1.5,\"0.0024\",\"1e-5\",7,"
                + "\"1597026383085\",\"-3\",\"12x\",\"\",null]").getBytes(StandardCharsets.US_ASCII);
        c.reset(b, 0, b.length);
        c.beginArray();
        c.nextElement();
        assertEquals(Long.MAX_VALUE, c.readLong());
        c.nextElement();
        assertEquals(Long.MIN_VALUE, c.readLong());
        c.nextElement();
        int at = c.position();
        assertThrows(MalformedFrameException.class, c::readLong, "overflow");
        c.seek(at);
        c.skipValue();
        c.nextElement();
        at = c.position();
        assertThrows(MalformedFrameException.class, c::readLong, "a fraction is no integer");
        c.seek(at);
        assertEquals(1.5, c.readDecimal());
        c.nextElement();
        assertEquals(0.0024, c.readDecimal());
        c.nextElement();
        assertEquals(1e-5, c.readDecimal());
        c.nextElement();
        assertEquals(7.0, c.readDecimal());
        c.nextElement();
        assertEquals(1597026383085L, c.readLong(), "a quoted integer (OKX, Bybit)");
        c.nextElement();
        assertEquals(-3L, c.readLong());
        c.nextElement();
        MalformedFrameException e = assertThrows(MalformedFrameException.class, c::readDecimal);
        assertTrue(e.getMessage().contains("'12x' is not a decimal number"), e.getMessage());
        c.nextElement();
        assertTrue(Double.isNaN(c.readOptionalDecimal()), "an empty string is no value");
        c.nextElement();
        assertTrue(Double.isNaN(c.readOptionalDecimal()), "null is no value");
        assertEquals(false, c.nextElement());
        c.expectEnd();
    }

    @Test
    void aVenueCursorNamesTheVenueAndQuotesTheFrame() {
        byte[] b = "  {\"topic\":\"x\",}".getBytes(StandardCharsets.US_ASCII);
        JsonCursor c = new JsonCursor("Bybit").reset(b, 2, b.length - 2);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> {
            c.beginObject();
            while (c.nextField()) {
                c.skipValue();
            }
        });
        assertEquals("Bybit: invalid JSON: expected a field name in double quotes at byte 13 in frame: {\"topic\":\"x\",}", e.getMessage());
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(65) + "]".repeat(65);
        assertEquals(null, cursor(deep));
        String ok = "[".repeat(64) + "]".repeat(64);
        assertEquals(128, cursor(ok).size());
    }

    // ---- a random JSON writer ----

    private static void value(StringBuilder sb, SplittableRandom r, int depth, boolean root) {
        int kind = root ? r.nextInt(2) : r.nextInt(depth > 2 ? 6 : 8);
        ws(sb, r);
        switch (kind) {
            case 0, 6 -> {
                sb.append('{');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    ws(sb, r);
                    string(sb, r);
                    ws(sb, r);
                    sb.append(':');
                    value(sb, r, depth + 1, false);
                }
                ws(sb, r);
                sb.append('}');
            }
            case 1, 7 -> {
                sb.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, r, depth + 1, false);
                }
                ws(sb, r);
                sb.append(']');
            }
            case 2 -> string(sb, r);
            case 3 -> number(sb, r);
            case 4 -> sb.append(r.nextBoolean() ? "true" : "false");
            default -> sb.append("null");
        }
        ws(sb, r);
    }

    private static void ws(StringBuilder sb, SplittableRandom r) {
        if (r.nextInt(4) == 0) {
            sb.append(" \n\t\r".charAt(r.nextInt(4)));
        }
    }

    private static void number(StringBuilder sb, SplittableRandom r) {
        if (r.nextBoolean()) {
            sb.append('-');
        }
        sb.append(r.nextInt(5) == 0 ? "0" : Long.toString(1 + r.nextLong(1_000_000_000_000L)));
        if (r.nextBoolean()) {
            sb.append('.').append(r.nextInt(100_000));
        }
        if (r.nextInt(4) == 0) {
            sb.append(r.nextBoolean() ? 'e' : 'E').append(r.nextBoolean() ? "" : r.nextBoolean() ? "+" : "-").append(r.nextInt(30));
        }
    }

    private static void string(StringBuilder sb, SplittableRandom r) {
        String pool = "abcXYZ09 _-.@\"\\/\u00e9\u4e2d\b\f\n\r\t\u0001\u007f";
        sb.append('"');
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(12) == 0) {
                sb.append("\\ud83d\\ude00"); // an escaped surrogate pair
                continue;
            }
            char c = pool.charAt(r.nextInt(pool.length()));
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append(r.nextBoolean() ? "\\/" : "/");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u0001' -> sb.append("\\u0001");
                default -> {
                    if (r.nextInt(6) == 0) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
