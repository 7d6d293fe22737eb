package io.bankcore.bench;

import static io.bankcore.bench.Numbers.ratio;
import static io.bankcore.bench.Numbers.round2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same figures for every load scenario and every pgbench run, per request where it makes sense,
 * and bankcore's as ratios of the baseline's. "Requests" are the successful ones (bankcore's replies
 * 200/201/202, pgbench's completed transactions); the counters are divided by them.
 */
final class Summary {
    private Summary() {}

    static final List<String> KEYS = List.of(
            "requests",
            "requests_per_s",
            "p50_ms",
            "p99_ms",
            "errors",
            "commits_per_request",
            "rollbacks_per_request",
            "statements_per_request",
            "instance_cpu_ms_per_request",
            "postgres_cpu_ms_per_request",
            "server_cpu_ms_per_request");

    /** From a load scenario's result (Load.run). */
    static Map<String, Object> ofScenario(Map<String, Object> r) {
        return figures(r.get("ok"), r.get("throughput_per_s"), r.get("latency"), r.get("errors_total"), r, false);
    }

    /** From one pgbench run's result (Baseline.runOne); there is no instance. */
    static Map<String, Object> ofBaseline(Map<String, Object> r) {
        return figures(r.get("transactions"), r.get("throughput_per_s"), r.get("latency"), r.get("failed"), r, true);
    }

    private static Map<String, Object> figures(
            Object requests, Object perSecond, Object latency, Object errors, Map<String, Object> r, boolean baseline) {
        Map<?, ?> lat = latency instanceof Map<?, ?> l ? l : Map.of();
        Map<?, ?> pg = r.get("postgresql") instanceof Map<?, ?> p ? p : Map.of();
        Map<?, ?> cpu = r.get("cpu") instanceof Map<?, ?> c ? c : Map.of();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests);
        m.put("requests_per_s", perSecond);
        m.put("p50_ms", lat.get("p50_ms"));
        m.put("p99_ms", lat.get("p99_ms"));
        m.put("errors", errors);
        m.put("commits_per_request", pg.get("commits_per_request"));
        m.put("rollbacks_per_request", pg.get("rollbacks_per_request"));
        m.put("statements_per_request", pg.get("statements_per_request"));
        Object instance = cpu.get("app_cpu_ms_per_request");
        Object postgres = cpu.get("postgres_cpu_ms_per_request");
        m.put("instance_cpu_ms_per_request", instance);
        m.put("postgres_cpu_ms_per_request", postgres);
        m.put("server_cpu_ms_per_request", serverCpu(instance, postgres, baseline));
        return m;
    }

    /** The instance's and PostgreSQL's together; for pgbench, PostgreSQL's alone. */
    private static Double serverCpu(Object instance, Object postgres, boolean baseline) {
        if (!(postgres instanceof Number p)) {
            return null;
        }
        if (baseline) {
            return p.doubleValue();
        }
        return instance instanceof Number i ? round2(i.doubleValue() + p.doubleValue()) : null;
    }

    /**
     * bankcore's figures over the baseline's. {@code throughput}, {@code p50} and {@code p99} keep
     * their names from earlier results; the rest are named after the figure.
     */
    static Map<String, Object> ratios(Map<String, Object> scenario, Map<String, Object> baseline) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("throughput", ratio(scenario.get("requests_per_s"), baseline.get("requests_per_s")));
        r.put("p50", ratio(scenario.get("p50_ms"), baseline.get("p50_ms")));
        r.put("p99", ratio(scenario.get("p99_ms"), baseline.get("p99_ms")));
        for (String key : List.of(
                "commits_per_request",
                "rollbacks_per_request",
                "statements_per_request",
                "instance_cpu_ms_per_request",
                "postgres_cpu_ms_per_request",
                "server_cpu_ms_per_request")) {
            r.put(key, ratio(scenario.get(key), baseline.get(key)));
        }
        return r;
    }
}
