package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyCostTest {

    static Map<String, Object> scenario(String name, double perSecond, double p50, double statements, double cpu) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("requests_per_s", perSecond);
        summary.put("p50_ms", p50);
        summary.put("p99_ms", p50 * 3);
        summary.put("statements_per_request", statements);
        summary.put("instance_cpu_ms_per_request", cpu);
        return Map.of("name", name, "summary", summary);
    }

    @Test
    void the_keyed_deposits_as_ratios_of_the_plain_ones() {
        var out = new ByteArrayOutputStream();
        var log = new Log(new PrintStream(out, true, StandardCharsets.UTF_8));

        var cost = Bench.keyCost(
                log,
                List.of(scenario("deposit", 400.0, 60.0, 5.0, 3.0), scenario("deposit-keyed", 360.0, 66.0, 7.0, 3.3)));

        assertThat(cost).isPresent();
        assertThat(cost.get().get("throughput")).isEqualTo(0.9);
        assertThat(cost.get().get("p50")).isEqualTo(1.1);
        assertThat(cost.get().get("statements_per_request")).isEqualTo(1.4);
        assertThat(cost.get().get("instance_cpu_ms_per_request")).isEqualTo(1.1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("an idempotency key's cost");
    }

    @Test
    void nothing_without_both_scenarios() {
        var log = new Log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(Bench.keyCost(log, List.of(scenario("deposit", 400.0, 60.0, 5.0, 3.0))))
                .isEmpty();
    }
}
