package io.bankcore.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine, the JVM, the commit and PostgreSQL's settings, for results.json. */
final class Environment {
    private Environment() {}

    static Map<String, Object> describe(Psql psql) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("hostname", Shell.run(List.of("hostname"), 5).trim());
        env.put(
                "cpu_model",
                Shell.readFile("/proc/cpuinfo")
                        .lines()
                        .filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("unknown"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put(
                "memory_total",
                Shell.readFile("/proc/meminfo")
                        .lines()
                        .filter(l -> l.startsWith("MemTotal"))
                        .map(l -> l.replaceAll("\\s+", " ").substring(10))
                        .findFirst()
                        .orElse("unknown"));
        env.put("kernel", Shell.readFile("/proc/version").trim());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("git_commit", Shell.run(List.of("git", "rev-parse", "HEAD"), 5).trim());
        env.put(
                "git_dirty",
                !Shell.run(List.of("git", "status", "--porcelain", "--untracked-files=no"), 5)
                        .isBlank());
        env.put("load_average_before", loadAverage());
        Map<String, Object> pg = new LinkedHashMap<>();
        pg.put("version", psql.query("postgres", "select version()").trim());
        for (String setting : List.of(
                "synchronous_commit",
                "fsync",
                "wal_sync_method",
                "full_page_writes",
                "commit_delay",
                "shared_buffers",
                "max_connections",
                "autovacuum",
                "shared_preload_libraries")) {
            pg.put(setting, psql.query("postgres", "show " + setting).trim());
        }
        env.put("postgresql", pg);
        return env;
    }

    static String loadAverage() {
        String[] parts = Shell.readFile("/proc/loadavg").trim().split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    }
}
