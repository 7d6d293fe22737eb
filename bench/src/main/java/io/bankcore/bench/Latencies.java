package io.bankcore.bench;

import static io.bankcore.bench.Numbers.round2;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latencies in microseconds, unsorted until summarised. Not thread-safe. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    /** count, p50/p95/p99/max/mean in milliseconds (null when empty). */
    Map<String, Object> summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", size);
        m.put("p50_ms", percentile(sorted, 50));
        m.put("p95_ms", percentile(sorted, 95));
        m.put("p99_ms", percentile(sorted, 99));
        m.put("max_ms", size == 0 ? null : round2(sorted[size - 1] / 1000.0));
        m.put(
                "mean_ms",
                size == 0 ? null : round2(Arrays.stream(sorted).average().orElse(0) / 1000.0));
        return m;
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it, in ms. */
    static Double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return round2(sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1000.0);
    }
}
