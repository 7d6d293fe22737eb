package io.bankcore.app.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A request's fingerprint: its meaning, not its spelling. */
class FingerprintTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEPOSIT = "POST /accounts/{account_number}/deposit";
    private static final Map<String, Object> DEFAULTS = Map.of("currency", "BRL");

    static String of(String route, String number, String body) {
        return Fingerprint.of(
                route,
                Map.of("account_number", number),
                "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                DEFAULTS,
                JSON);
    }

    @Test
    void member_order_whitespace_and_defaults_do_not_count() {
        String plain = of(DEPOSIT, "000001", "{\"amount_cents\":100}");
        assertThat(of(DEPOSIT, "000001", "{ \"amount_cents\" : 100 }")).isEqualTo(plain);
        assertThat(of(DEPOSIT, "000001", "{\"currency\":\"BRL\",\"amount_cents\":100}"))
                .isEqualTo(plain);
        assertThat(of(DEPOSIT, "000001", "{\n\t\"amount_cents\": 100,\n\t\"currency\": \"BRL\"\n}"))
                .isEqualTo(plain);
    }

    @Test
    void values_route_and_path_parameters_count() {
        String plain = of(DEPOSIT, "000001", "{\"amount_cents\":100}");
        assertThat(of(DEPOSIT, "000001", "{\"amount_cents\":101}")).isNotEqualTo(plain);
        assertThat(of(DEPOSIT, "000001", "{\"amount_cents\":100,\"currency\":\"USD\"}"))
                .isNotEqualTo(plain);
        assertThat(of(DEPOSIT, "000002", "{\"amount_cents\":100}")).isNotEqualTo(plain);
        assertThat(of("POST /accounts/{account_number}/withdraw", "000001", "{\"amount_cents\":100}"))
                .isNotEqualTo(plain);
        assertThat(of(DEPOSIT, "000001", "{\"amount_cents\":\"100\"}")).isNotEqualTo(plain);
    }

    @Test
    void a_body_that_is_not_a_json_object_counts_byte_for_byte() {
        assertThat(of(DEPOSIT, "000001", "[1, 2]")).isNotEqualTo(of(DEPOSIT, "000001", "[1,2]"));
        assertThat(of(DEPOSIT, "000001", "not json")).isEqualTo(of(DEPOSIT, "000001", "not json"));
        assertThat(of(DEPOSIT, "000001", null)).isEqualTo(of(DEPOSIT, "000001", ""));
        assertThat(of(DEPOSIT, "000001", "{\"a\":1,\"a\":2}")).isNotEqualTo(of(DEPOSIT, "000001", "{\"a\":2}"));
    }

    @Test
    void nested_members_are_sorted_too() {
        assertThat(of(DEPOSIT, "1", "{\"x\":{\"b\":1,\"a\":[{\"d\":1,\"c\":2}]}}"))
                .isEqualTo(of(DEPOSIT, "1", "{\"x\":{\"a\":[{\"c\":2,\"d\":1}],\"b\":1}}"));
    }
}
