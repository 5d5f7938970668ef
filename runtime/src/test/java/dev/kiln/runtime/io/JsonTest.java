package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"\\u00e9\\n\\\"\\/\", \"o\": {}} ", "t");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, ((Json.JsonNumber) a.get(0)).asLong());
        assertEquals(null, ((Json.JsonNumber) a.get(1)).asLong());
        assertEquals("-2.5e3", a.get(1).toString());
        assertEquals(List.of(Boolean.TRUE, Boolean.FALSE, Json.NULL), a.subList(2, 5));
        assertEquals("\u00e9\n\"/", m.get("s"));
        assertEquals(Map.of(), m.get("o"));
    }

    @Test
    void integersAreExactOrRefused() {
        assertEquals(Long.MAX_VALUE, new Json.JsonNumber("9223372036854775807").asLong());
        assertEquals(null, new Json.JsonNumber("9223372036854775808").asLong());
        assertEquals(null, new Json.JsonNumber("1e3").asLong());
        assertEquals(-7L, new Json.JsonNumber("-7").asLong());
    }

    @Test
    void strictGrammar() {
        for (String bad : List.of("{\"a\":1,}", "[1,]", "{'a':1}", "{\"a\" 1}", "01", "1.", "-", "+1", ".5", "1e",
                "tru", "nul", "\"\\x\"", "\"\\u12\"", "\"a\tb\"", "\"open", "{\"a\":1}}", "{\"a\":1,\"a\":2}", "",
                "/* c */ {}", "[1 2]", "{\"a\":1 \"b\":2}", "NaN", "Infinity")) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> Json.parse(bad, "t"), bad);
            assertTrue(e.getMessage().startsWith("t: malformed JSON at character "), e.getMessage());
        }
    }

    @Test
    void depthIsBounded() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Json.parse(deep, "t"));
        assertTrue(e.getMessage().contains("nesting deeper than " + Json.MAX_DEPTH), e.getMessage());
        String veryDeep = "[".repeat(1_000_000);
        assertThrows(CheckpointException.class, () -> Json.parse(veryDeep, "t"));
    }

    @Test
    void writesEscapesThatParseBack() {
        String s = "q\" b\\ n\n t\t c\u0001 \u00e9";
        StringBuilder out = new StringBuilder();
        Json.writeString(out, s);
        assertEquals("\"q\\\" b\\\\ n\\n t\\t c\\u0001 \u00e9\"", out.toString());
        assertEquals(s, Json.parse(out.toString(), "t"));
    }
}
