package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void maps_lists_and_escapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"b\"\n\tc\\");
        m.put("n", 3L);
        m.put("x", Double.NaN);
        m.put("ok", true);
        m.put("none", null);
        m.put("timeline", List.of(1L, 2L));
        m.put("rows", List.of(Map.of("k", 1)));
        m.put("empty", Map.of());
        m.put("ctl", "\u0001");
        assertThat(Json.write(m))
                .isEqualTo(String.join(
                        "\n",
                        "{",
                        "  \"name\": \"a \\\"b\\\"\\n\\tc\\\\\",",
                        "  \"n\": 3,",
                        "  \"x\": null,",
                        "  \"ok\": true,",
                        "  \"none\": null,",
                        "  \"timeline\": [1, 2],",
                        "  \"rows\": [",
                        "    {",
                        "      \"k\": 1",
                        "    }",
                        "  ],",
                        "  \"empty\": {},",
                        "  \"ctl\": \"\\u0001\"",
                        "}"));
        assertThat(Json.write(Arrays.asList("a", null))).isEqualTo("[\n  \"a\",\n  null\n]");
    }

    @Test
    void a_field_of_a_flat_reply() {
        String body = "{\"status\":\"COMPLETED\", \"balance_cents\": 1200,\"running\":false}";
        assertThat(Json.field(body, "status")).isEqualTo("COMPLETED");
        assertThat(Json.field(body, "balance_cents")).isEqualTo("1200");
        assertThat(Json.field(body, "running")).isEqualTo("false");
        assertThat(Json.field(body, "missing")).isNull();
        assertThat(Replay.finished(body)).isTrue();
        assertThat(Replay.finished("{\"state\":\"running\",\"running\":true}")).isFalse();
        assertThat(Replay.finished("{\"status\":\"done\"}")).isTrue();
    }
}
