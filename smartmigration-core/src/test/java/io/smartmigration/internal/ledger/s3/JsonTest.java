package io.smartmigration.internal.ledger.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.internal.ledger.HistoryCodec.Malformed;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The S3 ledger's strict JSON reader and writer")
class JsonTest {

    private static Object parse(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("reads objects, arrays, strings, integers, decimals, booleans and null")
    void readsEveryKindOfValue() {
        Object value = parse(" {\"a\": [1, -2, 3.5, 1e3], \"b\": {\"c\": true, \"d\": false, \"e\": null}, \"f\": \"x\"} ");

        assertThat(value).isEqualTo(Map.of(
                "a", List.of(1L, -2L, new BigDecimal("3.5"), new BigDecimal("1e3")),
                "b", nullable("c", true, "d", false, "e", null),
                "f", "x"));
    }

    @Test
    @DisplayName("decodes every escape, including surrogate pairs written as \\u escapes")
    void decodesEscapes() {
        Object value = parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\"");

        assertThat(value).isEqualTo("q\" b\\ s/ \b\f\n\r\t \u00e9 \uD83D\uDE00");
    }

    @Test
    @DisplayName("writes what it reads back unchanged, with non-ASCII text, control characters and lone surrogates")
    void roundTrips() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("text", "tab\t quote\" backslash\\ bell\u0007 é 😀 lone\uD800 end");
        document.put("numbers", List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE, new BigDecimal("12345678901234567890"),
                new BigDecimal("-0.5")));
        document.put("empty", Map.of());
        document.put("none", List.of());
        document.put("nested", nullable("flag", true, "nothing", null, "deeper", List.of(Map.of("k", "v"))));

        Object back = Json.parse(Json.write(document));

        assertThat(back).isEqualTo(document);
    }

    @Test
    @DisplayName("refuses bytes that are not UTF-8")
    void refusesInvalidUtf8() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThatThrownBy(() -> Json.parse(bytes)).isInstanceOf(Malformed.class).hasMessageContaining("not valid UTF-8");
    }

    @ParameterizedTest(name = "refuses {0}")
    @DisplayName("refuses text a lenient parser would guess at")
    @ValueSource(strings = {
            "", "   ", "{", "{\"a\": 1", "{\"a\" 1}", "{a: 1}", "{'a': 1}", "{\"a\": 1,}", "[1, 2,]", "[1 2]",
            "{\"a\": 1} x", "{\"a\": 1}{}", "01", "[01]", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity",
            "tru", "nul", "\"unterminated", "\"bad \\x escape\"", "\"short \\u12\"", "\"raw\ttab\"",
            "{\"a\": 1, \"a\": 2}", "// comment\n{}"})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(Malformed.class).hasMessageContaining("not valid JSON");
    }

    @Test
    @DisplayName("names the duplicated member")
    void namesDuplicateMember() {
        assertThatThrownBy(() -> parse("{\"lock\": null, \"lock\": {}}"))
                .hasMessageContaining("the member \"lock\" appears twice");
    }

    @Test
    @DisplayName("refuses nesting deeper than 64 levels instead of overflowing the stack")
    void refusesDeepNesting() {
        char[] open = new char[10_000];
        Arrays.fill(open, '[');

        assertThatThrownBy(() -> parse(new String(open))).isInstanceOf(Malformed.class)
                .hasMessageContaining("nesting deeper than 64");
    }

    @Test
    @DisplayName("refuses a number longer than 100 digits (jackson-core's StreamReadConstraints), whatever its nesting")
    void refusesHugeNumbers() {
        String digits = "9".repeat(101);

        assertThatThrownBy(() -> parse("{\"durationMs\": " + digits + "}")).isInstanceOf(Malformed.class)
                .hasMessageContaining("not valid JSON for a ledger").hasMessageContaining("Number value length");
    }

    @Test
    @DisplayName("writes two-space indented members, one per line, and empty containers as {} and []")
    void writesIndentedText() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("a", List.of(1L));
        document.put("b", Map.of());
        document.put("c", List.of());

        String text = new String(Json.write(document), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("{\n  \"a\": [\n    1\n  ],\n  \"b\": {},\n  \"c\": []\n}\n");
    }

    @Test
    @DisplayName("parseObject refuses a top level that is not an object")
    void parseObjectNeedsAnObject() {
        assertThatThrownBy(() -> Json.parseObject("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Malformed.class).hasMessageContaining("the top level is an array, expected a JSON object");
    }

    private static Map<String, Object> nullable(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
