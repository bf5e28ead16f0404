package dev.latte.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsEveryKindOfValue() {
        Object value = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\u00e9\\n\\ud83d\\ude00\"}} ");
        assertThat(value).isEqualTo(Map.of(
                "a", java.util.Arrays.asList(1L, -2500.0, true, false, null),
                "b", Map.of("c", "xé\n😀")));
    }

    @Test
    void keepsMemberOrderAndLargeIntegers() {
        Map<String, Object> object = Json.parseObject("{\"z\":1,\"a\":18446744073709551615,\"m\":9007199254740993}");
        assertThat(object.keySet()).containsExactly("z", "a", "m");
        assertThat(object.get("a")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(object.get("m")).isEqualTo(9007199254740993L);
    }

    @Test
    void writesWhatItReads() {
        String text = "{\"s\":\"q\\\"\\\\\\n\\u0001é\",\"n\":[1,2.5,-3.0],\"t\":true,\"x\":null}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void namesTheLineAndColumnOfAnError() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": [1, 2,]\n}"))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("line 2, column 14");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key \"a\"");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("unexpected text after");
        assertThatThrownBy(() -> Json.parse("\"a\tb\"")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object");
    }

    @Test
    void refusesRunawayNesting() {
        assertThatThrownBy(() -> Json.parse("[".repeat(10_000)))
                .hasMessageContaining("nesting deeper than");
        assertThat(Json.parse("[[[]]]")).isEqualTo(List.of(List.of(List.of())));
    }
}
