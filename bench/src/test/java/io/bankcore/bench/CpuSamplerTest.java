package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSamplerTest {

    @Test
    void ticks_are_utime_plus_stime_after_the_command_name() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0";
        assertThat(CpuSampler.ticks(stat)).isEqualTo(1801);
        assertThat(CpuSampler.ticks("")).isZero();
    }

    @Test
    void machine_busy_leaves_out_idle_and_iowait() {
        long[] m = CpuSampler.machine("cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n");
        assertThat(m[0]).isEqualTo(160); // user nice system irq softirq steal
        assertThat(m[1]).isEqualTo(1000);
    }

    @Test
    void per_request_cpu_from_two_samples() {
        CpuSampler.Cpu start = new CpuSampler.Cpu(1_000, 10_000, 50, 77, 2_000, 700, -1, 0, 0, 0);
        // 10 s later: the instance used 300 ticks (3 s), PostgreSQL 100 (1 s), the generator 20 (0.2 s)
        CpuSampler.Cpu end = new CpuSampler.Cpu(1_800, 12_000, 70, 77, 2_300, 800, -1, 0, 10_000_000_000L, 0);
        Map<String, Object> m = end.since(start, 1_000);
        assertThat(m)
                .containsEntry("machine_busy_percent", 40.0)
                .containsEntry("app_percent_of_core", 30.0)
                .containsEntry("postgres_percent_of_core", 10.0)
                .containsEntry("generator_percent_of_core", 2.0)
                .containsEntry("app_cpu_ms_per_request", 3.0)
                .containsEntry("postgres_cpu_ms_per_request", 1.0)
                .containsEntry("generator_cpu_ms_per_request", 0.2)
                .doesNotContainKey("pgbench_percent_of_core");
    }

    @Test
    void without_an_instance_or_requests_those_figures_are_left_out() {
        CpuSampler.Cpu start = new CpuSampler.Cpu(0, 0, 0, -1, 0, 0, 99, 1_000, 0, 0);
        CpuSampler.Cpu end = new CpuSampler.Cpu(0, 100, 0, -1, 0, 400, 99, 1_200, 4_000_000_000L, 0);
        assertThat(end.since(start))
                .containsEntry("app_percent_of_core", null)
                .containsEntry("postgres_percent_of_core", 100.0)
                .containsEntry("pgbench_percent_of_core", 50.0)
                .doesNotContainKey("postgres_cpu_ms_per_request");
        assertThat(end.since(start, 4_000))
                .containsEntry("app_cpu_ms_per_request", null)
                .containsEntry("postgres_cpu_ms_per_request", 1.0)
                .containsEntry("pgbench_cpu_ms_per_request", 0.5);
    }
}
