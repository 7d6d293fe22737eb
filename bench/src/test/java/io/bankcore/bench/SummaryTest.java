package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    static Map<String, Object> scenario() {
        Map<String, Object> r = new HashMap<>();
        r.put("name", "deposit");
        r.put("ok", 12_000L);
        r.put("errors_total", 3L);
        r.put("throughput_per_s", 400.0);
        r.put("latency", Map.of("p50_ms", 78.0, "p99_ms", 159.0));
        r.put(
                "postgresql",
                Map.of("commits_per_request", 6.4, "rollbacks_per_request", 0.02, "statements_per_request", 17.5));
        r.put("cpu", Map.of("app_cpu_ms_per_request", 3.7, "postgres_cpu_ms_per_request", 1.0));
        return r;
    }

    static Map<String, Object> baseline() {
        Map<String, Object> r = new HashMap<>();
        r.put("transactions", 240_000L);
        r.put("failed", 0L);
        r.put("throughput_per_s", 8_000.0);
        r.put("latency", Map.of("p50_ms", 3.4, "p99_ms", 9.2));
        r.put(
                "postgresql",
                Map.of("commits_per_request", 1.0, "rollbacks_per_request", 0.0, "statements_per_request", 4.0));
        r.put("cpu", Map.of("postgres_cpu_ms_per_request", 0.25, "pgbench_cpu_ms_per_request", 0.05));
        return r;
    }

    @Test
    void a_scenario_in_the_uniform_figures() {
        Map<String, Object> s = Summary.ofScenario(scenario());
        assertThat(s.keySet()).containsExactlyElementsOf(Summary.KEYS);
        assertThat(s)
                .containsEntry("requests", 12_000L)
                .containsEntry("requests_per_s", 400.0)
                .containsEntry("p50_ms", 78.0)
                .containsEntry("p99_ms", 159.0)
                .containsEntry("errors", 3L)
                .containsEntry("commits_per_request", 6.4)
                .containsEntry("rollbacks_per_request", 0.02)
                .containsEntry("statements_per_request", 17.5)
                .containsEntry("instance_cpu_ms_per_request", 3.7)
                .containsEntry("postgres_cpu_ms_per_request", 1.0)
                .containsEntry("server_cpu_ms_per_request", 4.7);
    }

    @Test
    void the_baseline_has_no_instance_and_its_server_is_postgresql() {
        Map<String, Object> b = Summary.ofBaseline(baseline());
        assertThat(b)
                .containsEntry("requests", 240_000L)
                .containsEntry("errors", 0L)
                .containsEntry("instance_cpu_ms_per_request", null)
                .containsEntry("server_cpu_ms_per_request", 0.25);
    }

    @Test
    void missing_samples_leave_figures_empty() {
        Map<String, Object> r = new HashMap<>(scenario());
        r.remove("postgresql");
        r.put("cpu", null);
        Map<String, Object> s = Summary.ofScenario(r);
        assertThat(s)
                .containsEntry("commits_per_request", null)
                .containsEntry("instance_cpu_ms_per_request", null)
                .containsEntry("server_cpu_ms_per_request", null)
                .containsEntry("requests_per_s", 400.0);
    }

    @Test
    void ratios_to_the_baseline() {
        Map<String, Object> r = Summary.ratios(Summary.ofScenario(scenario()), Summary.ofBaseline(baseline()));
        assertThat(r)
                .containsEntry("throughput", 0.05)
                .containsEntry("p50", 22.941)
                .containsEntry("p99", 17.283)
                .containsEntry("commits_per_request", 6.4)
                .containsEntry("rollbacks_per_request", null) // the baseline had none
                .containsEntry("statements_per_request", 4.375)
                .containsEntry("postgres_cpu_ms_per_request", 4.0)
                .containsEntry("server_cpu_ms_per_request", 18.8);
    }
}
