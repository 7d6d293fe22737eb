package io.bankcore.bench;

import static io.bankcore.bench.Numbers.round2;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instance's own metrics from /actuator/metrics: connection pool waits, command conflicts and retries. */
final class AppMetrics {
    private AppMetrics() {}

    static final List<String> METRICS = List.of(
            "hikaricp.connections.acquire",
            "hikaricp.connections.usage",
            "hikaricp.connections.pending",
            "hikaricp.connections.active",
            "bankcore.commands.conflicts",
            "bankcore.commands.retries");

    static Map<String, Object> read(Instance instance) {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Http http = instance.connect()) {
            for (String name : METRICS) {
                Http.Reply r = http.get("/actuator/metrics/" + name);
                if (r.status() == 200) {
                    m.put(name, statistics(r.body()));
                }
            }
        } catch (IOException e) {
            m.put("error", e.toString());
        }
        return m;
    }

    /** {@code {"measurements":[{"statistic":"COUNT","value":3.0},...]}} as statistic -> value. */
    static Map<String, Double> statistics(String body) {
        Map<String, Double> values = new LinkedHashMap<>();
        int i = 0;
        while ((i = body.indexOf("\"statistic\":\"", i)) >= 0) {
            int s = i + 13;
            String statistic = body.substring(s, body.indexOf('"', s));
            int v = body.indexOf("\"value\":", s) + 8;
            int e = v;
            while (e < body.length() && "0123456789.eE+-".indexOf(body.charAt(e)) >= 0) {
                e++;
            }
            values.put(statistic, Double.parseDouble(body.substring(v, e)));
            i = e;
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> delta(Map<String, Object> before, Map<String, Object> after, long requests) {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Double> a0 = (Map<String, Double>) before.getOrDefault("hikaricp.connections.acquire", Map.of());
        Map<String, Double> a1 = (Map<String, Double>) after.getOrDefault("hikaricp.connections.acquire", Map.of());
        double count = a1.getOrDefault("COUNT", 0.0) - a0.getOrDefault("COUNT", 0.0);
        double total = a1.getOrDefault("TOTAL_TIME", 0.0) - a0.getOrDefault("TOTAL_TIME", 0.0);
        if (count > 0) {
            d.put("pool_acquires_per_request", round2(count / Math.max(1, requests)));
            d.put("pool_acquire_mean_ms", round2(total / count * 1000));
            d.put("pool_acquire_wait_ms_per_request", round2(total * 1000 / Math.max(1, requests)));
            d.put("pool_acquire_max_ms_recent", round2(a1.getOrDefault("MAX", 0.0) * 1000));
        }
        Map<String, Double> u0 = (Map<String, Double>) before.getOrDefault("hikaricp.connections.usage", Map.of());
        Map<String, Double> u1 = (Map<String, Double>) after.getOrDefault("hikaricp.connections.usage", Map.of());
        double uc = u1.getOrDefault("COUNT", 0.0) - u0.getOrDefault("COUNT", 0.0);
        if (uc > 0) {
            d.put(
                    "pool_connection_held_mean_ms",
                    round2((u1.getOrDefault("TOTAL_TIME", 0.0) - u0.getOrDefault("TOTAL_TIME", 0.0)) / uc * 1000));
        }
        for (String counter : List.of("bankcore.commands.conflicts", "bankcore.commands.retries")) {
            Map<String, Double> c0 = (Map<String, Double>) before.getOrDefault(counter, Map.of());
            Map<String, Double> c1 = (Map<String, Double>) after.getOrDefault(counter, Map.of());
            if (!c1.isEmpty()) {
                d.put(counter, Math.round(c1.getOrDefault("COUNT", 0.0) - c0.getOrDefault("COUNT", 0.0)));
            }
        }
        return d;
    }
}
