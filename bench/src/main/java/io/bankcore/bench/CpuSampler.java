package io.bankcore.bench;

import static io.bankcore.bench.Numbers.round1;
import static io.bankcore.bench.Numbers.round2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU time from /proc in clock ticks: the machine, this JVM (the generator), the instance, PostgreSQL, pgbench. */
final class CpuSampler {
    /** USER_HZ on Linux. */
    static final double HZ = 100.0;

    private CpuSampler() {}

    /**
     * One sample. {@code appPid} and {@code pgbenchPid} are -1 when there is no such process;
     * {@code epochMicros} places the sample against pgbench's per-transaction log.
     */
    record Cpu(
            long busy,
            long total,
            long self,
            long appPid,
            long app,
            long postgres,
            long pgbenchPid,
            long pgbench,
            long nanos,
            long epochMicros) {

        /** Percent of one core per process group, the machine's busy share of all its cores. */
        Map<String, Object> since(Cpu start) {
            return since(start, 0);
        }

        /** With a request count: CPU milliseconds per request too, which the machine's other load barely moves. */
        Map<String, Object> since(Cpu start, long requests) {
            double seconds = (nanos - start.nanos) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine_busy_percent", round1(100.0 * (busy - start.busy) / Math.max(1, total - start.total)));
            m.put("generator_percent_of_core", round1(100.0 * (self - start.self) / HZ / seconds));
            m.put("app_percent_of_core", appPid > 0 ? round1(100.0 * (app - start.app) / HZ / seconds) : null);
            m.put("postgres_percent_of_core", round1(100.0 * (postgres - start.postgres) / HZ / seconds));
            if (pgbenchPid > 0) {
                m.put("pgbench_percent_of_core", round1(100.0 * (pgbench - start.pgbench) / HZ / seconds));
            }
            if (requests > 0) {
                m.put("requests_in_window", requests);
                m.put("app_cpu_ms_per_request", appPid > 0 ? round2(1000.0 * (app - start.app) / HZ / requests) : null);
                m.put("postgres_cpu_ms_per_request", round2(1000.0 * (postgres - start.postgres) / HZ / requests));
                m.put("generator_cpu_ms_per_request", round2(1000.0 * (self - start.self) / HZ / requests));
                if (pgbenchPid > 0) {
                    m.put("pgbench_cpu_ms_per_request", round2(1000.0 * (pgbench - start.pgbench) / HZ / requests));
                }
            }
            return m;
        }
    }

    static Cpu sample(long appPid, long pgbenchPid) {
        long[] machine = machine(Shell.readFile("/proc/stat"));
        long postgres = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat = Shell.readFile(dir.resolve("stat").toString());
                if (stat.contains("(postgres)")) {
                    postgres += ticks(stat);
                }
            }
        } catch (IOException e) {
            // figures stay partial
        }
        return new Cpu(
                machine[0],
                machine[1],
                ticks(Shell.readFile("/proc/self/stat")),
                appPid,
                appPid > 0 ? ticks(Shell.readFile("/proc/" + appPid + "/stat")) : 0,
                postgres,
                pgbenchPid,
                pgbenchPid > 0 ? ticks(Shell.readFile("/proc/" + pgbenchPid + "/stat")) : 0,
                System.nanoTime(),
                ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
    }

    /** Busy and total ticks of all cores from /proc/stat's first line; idle and iowait are not busy. */
    static long[] machine(String procStat) {
        long busy = 0;
        long total = 0;
        String first = procStat.lines().findFirst().orElse("");
        String[] f = first.trim().split("\\s+");
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i != 4 && i != 5) {
                busy += v;
            }
        }
        return new long[] {busy, total};
    }

    /** utime + stime of a /proc/PID/stat line; 0 when the process is gone. */
    static long ticks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        String[] f = stat.substring(close + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the command name
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
