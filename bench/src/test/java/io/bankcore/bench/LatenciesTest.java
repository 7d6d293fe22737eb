package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void nearest_rank_percentiles_in_milliseconds() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = (i + 1) * 1000L; // 1 ms .. 100 ms
        }
        assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50.0);
        assertThat(Latencies.percentile(sorted, 95)).isEqualTo(95.0);
        assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99.0);
        assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100.0);
        assertThat(Latencies.percentile(sorted, 0)).isEqualTo(1.0);
    }

    @Test
    void few_values_round_up_to_a_present_one() {
        long[] sorted = {1_000, 2_000, 3_000};
        assertThat(Latencies.percentile(sorted, 50)).isEqualTo(2.0);
        assertThat(Latencies.percentile(sorted, 99)).isEqualTo(3.0);
        assertThat(Latencies.percentile(new long[] {1_234}, 99)).isEqualTo(1.23);
        assertThat(Latencies.percentile(new long[0], 50)).isNull();
    }

    @Test
    void summary_sorts_and_merges() {
        Latencies a = new Latencies();
        for (long us : new long[] {9_000, 1_000, 5_000, 3_000}) {
            a.add(us);
        }
        Latencies b = new Latencies();
        for (int i = 0; i < 2000; i++) { // past the initial capacity
            b.add(7_000);
        }
        b.addAll(a);
        Map<String, Object> s = a.summary();
        assertThat(s)
                .containsEntry("count", 4)
                .containsEntry("p50_ms", 3.0)
                .containsEntry("p99_ms", 9.0)
                .containsEntry("max_ms", 9.0)
                .containsEntry("mean_ms", 4.5);
        assertThat(b.size()).isEqualTo(2004);
        assertThat(b.summary()).containsEntry("p50_ms", 7.0).containsEntry("max_ms", 9.0);
    }

    @Test
    void an_empty_summary_has_no_figures() {
        assertThat(new Latencies().summary())
                .containsEntry("count", 0)
                .containsEntry("p50_ms", null)
                .containsEntry("max_ms", null)
                .containsEntry("mean_ms", null);
    }
}
