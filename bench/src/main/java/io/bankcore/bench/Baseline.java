package io.bankcore.bench;

import static io.bankcore.bench.Numbers.round1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The baseline: the same deposit and transfer as one plain SQL transaction each, run by pgbench on a scratch database. */
final class Baseline {
    private Baseline() {}

    /** pgbench's random_zipfian needs s > 1; otherwise accounts are chosen uniformly. */
    static String pick(int accounts, double zipfS) {
        return zipfS > 1.0 ? "random_zipfian(1, " + accounts + ", " + zipfS + ")" : "random(1, " + accounts + ")";
    }

    static String setupSql(int accounts) {
        return "drop table if exists bench_account, bench_ledger;"
                + " create table bench_account (account_number text primary key, balance_cents bigint not null,"
                + " currency char(3) not null, last_sequence bigint not null default 0);"
                + " create table bench_ledger (entry_id uuid primary key default gen_random_uuid(),"
                + " account_number text not null, entry_type text not null, amount_cents bigint not null,"
                + " currency char(3) not null, correlation_id uuid, counterparty text,"
                + " occurred_at timestamptz not null default now());"
                + " create index on bench_ledger (account_number, occurred_at);"
                + " insert into bench_account select lpad(i::text, 12, '0'), " + Workload.INITIAL_BALANCE
                + ", 'BRL' from generate_series(1, " + accounts + ") i;"
                + " analyze bench_account;";
    }

    static String depositScript(String pick) {
        return "\\set a " + pick + "\n"
                + "\\set amt random(1, 1000)\n"
                + "BEGIN;\n"
                + "UPDATE bench_account SET balance_cents = balance_cents + :amt, last_sequence = last_sequence + 1"
                + " WHERE account_number = lpad(:a::text, 12, '0');\n"
                + "INSERT INTO bench_ledger (account_number, entry_type, amount_cents, currency)"
                + " VALUES (lpad(:a::text, 12, '0'), 'DEPOSIT', :amt, 'BRL');\n"
                + "END;\n";
    }

    /** Locks taken in account order, as any correct implementation would, so the baseline never deadlocks. */
    static String transferScript(String pick, int accounts) {
        return "\\set a " + pick + "\n"
                + "\\set b " + pick + "\n"
                + "\\set b CASE WHEN :a = :b THEN 1 + :a % " + accounts + " ELSE :b END\n"
                + "\\set lo least(:a, :b)\n"
                + "\\set hi greatest(:a, :b)\n"
                + "\\set amt random(1, 1000)\n"
                + "\\set dlo CASE WHEN :lo = :a THEN -:amt ELSE :amt END\n"
                + "BEGIN;\n"
                + "UPDATE bench_account SET balance_cents = balance_cents + :dlo::bigint,"
                + " last_sequence = last_sequence + 1 WHERE account_number = lpad(:lo::text, 12, '0');\n"
                + "UPDATE bench_account SET balance_cents = balance_cents - :dlo::bigint,"
                + " last_sequence = last_sequence + 1 WHERE account_number = lpad(:hi::text, 12, '0');\n"
                + "INSERT INTO bench_ledger (account_number, entry_type, amount_cents, currency, correlation_id,"
                + " counterparty) VALUES (lpad(:a::text, 12, '0'), 'TRANSFER_OUT', :amt, 'BRL',"
                + " '00000000-0000-0000-0000-000000000001', lpad(:b::text, 12, '0'));\n"
                + "INSERT INTO bench_ledger (account_number, entry_type, amount_cents, currency, correlation_id,"
                + " counterparty) VALUES (lpad(:b::text, 12, '0'), 'TRANSFER_IN', :amt, 'BRL',"
                + " '00000000-0000-0000-0000-000000000001', lpad(:a::text, 12, '0'));\n"
                + "END;\n";
    }

    /** Whole seconds of a timed run: --duration rounded, at least 1. */
    static int seconds(Options o) {
        return (int) Math.max(1, Math.round(o.requests > 0 ? 0 : o.durationS));
    }

    /** The measured run: per-transaction log to {@code logPrefix}.*, -T seconds or -t requests per client. */
    static List<String> command(Options o, Path script, Path logPrefix) {
        List<String> command = new ArrayList<>(common(o, script));
        command.addAll(List.of("-l", "--log-prefix", logPrefix.toString()));
        if (o.requests > 0) {
            command.addAll(List.of("-t", Long.toString(Math.max(1, o.requests / o.clients))));
        } else {
            command.addAll(List.of("-T", Integer.toString(seconds(o))));
        }
        command.add(o.baselineDb);
        return command;
    }

    /** The warm-up, unlogged: the same script for the warm-up time. */
    static List<String> warmupCommand(Options o, Path script) {
        List<String> command = new ArrayList<>(common(o, script));
        command.addAll(List.of("-T", Integer.toString((int) o.warmupS), o.baselineDb));
        return command;
    }

    private static List<String> common(Options o, Path script) {
        return List.of(
                o.pgbench,
                "-n",
                "-M",
                "prepared",
                "-h",
                o.pgHost,
                "-p",
                Integer.toString(o.pgPort),
                "-U",
                o.pgUser,
                "-c",
                Integer.toString(o.clients),
                "-j",
                "2",
                "-f",
                script.toString());
    }

    /** pgbench's per-transaction log: latencies, failures, and when each transaction completed. */
    record PgbenchLog(Latencies latencies, long failed, long[] completedAtMicros) {

        /** Lines {@code client_id transaction_no time script_no time_epoch time_us [...]}; time is µs or failed/skipped. */
        static PgbenchLog parse(List<String> lines) {
            Latencies latencies = new Latencies();
            long failed = 0;
            long[] completed = new long[lines.size()];
            int n = 0;
            for (String line : lines) {
                String[] f = line.trim().split(" ");
                if (f.length < 3) {
                    continue;
                }
                if (f[2].equals("failed") || f[2].equals("skipped")) {
                    failed++;
                    continue;
                }
                latencies.add(Long.parseLong(f[2]));
                if (f.length >= 6) {
                    completed[n++] = Long.parseLong(f[4]) * 1_000_000 + Long.parseLong(f[5]);
                }
            }
            long[] sorted = Arrays.copyOf(completed, n);
            Arrays.sort(sorted);
            return new PgbenchLog(latencies, failed, sorted);
        }

        /** Transactions completed in [from, to], epoch microseconds. */
        long completedBetween(long fromMicros, long toMicros) {
            long count = 0;
            for (long t : completedAtMicros) {
                if (t >= fromMicros && t <= toMicros) {
                    count++;
                }
            }
            return count;
        }
    }

    static Map<String, Object> run(Context ctx) throws Exception {
        Options o = ctx.options;
        Log log = ctx.log;
        log.say("");
        Map<String, Object> result = new LinkedHashMap<>();
        if (o.baselineDb == null) {
            result.put("skipped", "no --baseline-db");
            log.say("== baseline: skipped (no --baseline-db)");
            return result;
        }
        String version = Shell.run(List.of(o.pgbench, "--version"), 10).trim();
        if (!version.startsWith("pgbench")) {
            result.put("skipped", "pgbench not found (" + o.pgbench + "); install postgresql-client");
            log.say("== baseline: skipped: pgbench not found (%s)", o.pgbench);
            return result;
        }
        log.say(
                "== baseline: the same operations as one plain SQL transaction each, %s, %d clients, load average %s",
                version, o.clients, Environment.loadAverage());
        result.put("pgbench", version);
        result.put("database", o.baselineDb);
        String setupOut = ctx.psql.query(o.baselineDb, setupSql(o.accounts));
        if (setupOut.contains("ERROR")) {
            throw new IllegalStateException("baseline setup: " + setupOut);
        }
        String pick = pick(o.accounts, o.zipfS);
        if (o.zipfS > 0 && o.zipfS <= 1.0) {
            result.put("note", "pgbench's Zipf needs s > 1: the baseline chose accounts uniformly");
        }
        String transfer = transferScript(pick, o.accounts);
        result.put("transfer_script", transfer);
        PostgresSampler postgres = new PostgresSampler(ctx.psql, o.pgStats ? o.baselineDb : null);
        result.put("deposit", runOne(ctx, postgres, "deposit", depositScript(pick)));
        result.put("transfer", runOne(ctx, postgres, "transfer", transfer));
        ctx.psql.query(o.baselineDb, "drop table if exists bench_account, bench_ledger");
        return result;
    }

    static Map<String, Object> runOne(Context ctx, PostgresSampler postgres, String name, String script)
            throws Exception {
        Options o = ctx.options;
        Path dir = ctx.out.resolve("pgbench-" + name).toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".sql");
        Files.writeString(file, script);
        int seconds = seconds(o);
        if (o.warmupS >= 1) {
            Shell.run(warmupCommand(o, file), (int) o.warmupS + 60);
        }
        awaitNoSessions(ctx.psql, o.baselineDb);
        PostgresSampler.Snapshot pgStart = postgres.take(true);
        Path output = dir.resolve("output.txt");
        Process pgbench = new ProcessBuilder(command(o, file, dir.resolve("log")))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        // PostgreSQL's backends for pgbench's connections exit when it ends, and their CPU time with
        // them: sample inside the run, a second after its start and a second before its end.
        CpuSampler.Cpu[] window = new CpuSampler.Cpu[2];
        Thread sampler = new Thread(() -> {
            try {
                Thread.sleep(1000);
                window[0] = CpuSampler.sample(-1, pgbench.pid());
                if (o.requests == 0 && seconds > 3) {
                    Thread.sleep((seconds - 2) * 1000L);
                    window[1] = CpuSampler.sample(-1, pgbench.pid());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sampler.start();
        if (!pgbench.waitFor(seconds + 300L, TimeUnit.SECONDS)) {
            pgbench.destroyForcibly();
        }
        sampler.join();
        // A backend adds its counts to pg_stat_database as it exits, which can be just after pgbench does.
        awaitNoSessions(ctx.psql, o.baselineDb);
        PostgresSampler.Snapshot pgEnd = postgres.take(false);
        String out = Files.readString(output);

        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path log : (Iterable<Path>) files::iterator) {
                if (log.getFileName().toString().startsWith("log")) {
                    lines.addAll(Files.readAllLines(log));
                    Files.delete(log);
                }
            }
        }
        PgbenchLog log = PgbenchLog.parse(lines);
        long transactions = log.latencies().size();
        CpuSampler.Cpu start = window[0];
        CpuSampler.Cpu end = window[1];

        Map<String, Object> m = new LinkedHashMap<>();
        String tps = out.lines().filter(l -> l.startsWith("tps =")).findFirst().orElse("");
        m.put("throughput_per_s", tps.isEmpty() ? null : round1(Double.parseDouble(tps.split("\\s+")[2])));
        m.put("latency", log.latencies().summary());
        m.put("failed", log.failed());
        m.put("transactions", transactions);
        m.put("load_average", Environment.loadAverage());
        m.put(
                "cpu",
                start == null || end == null
                        ? null
                        : end.since(start, log.completedBetween(start.epochMicros(), end.epochMicros())));
        if (postgres.enabled()) {
            m.put("postgresql", postgres.since(pgStart, pgEnd, transactions));
        }
        m.put("summary", Summary.ofBaseline(m));
        print(ctx.log, name, m);
        if (m.get("throughput_per_s") == null) {
            ctx.log.say("   pgbench said: %s", out.length() > 1500 ? out.substring(0, 1500) + "…" : out);
        }
        return m;
    }

    /** Waits up to 10 s until no session is connected to the database (asked from another database). */
    static void awaitNoSessions(Psql psql, String database) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String n = psql.query(
                            "postgres",
                            "select count(*) from pg_stat_activity where datname = "
                                    + PostgresSampler.literal(database))
                    .trim();
            if (n.equals("0") || !n.chars().allMatch(Character::isDigit)) {
                return;
            }
            Thread.sleep(100);
        }
    }

    @SuppressWarnings("unchecked")
    static void print(Log log, String name, Map<String, Object> m) {
        Map<String, Object> l = (Map<String, Object>) m.get("latency");
        Map<String, Object> s = (Map<String, Object>) m.get("summary");
        log.say(
                "   %-9s %8s/s  p50 %s ms  p95 %s ms  p99 %s ms  max %s ms  failed %d",
                name,
                m.get("throughput_per_s"),
                l.get("p50_ms"),
                l.get("p95_ms"),
                l.get("p99_ms"),
                l.get("max_ms"),
                m.get("failed"));
        log.say(
                "             commits/request %s, rollbacks/request %s, statements/request %s, PostgreSQL CPU"
                        + " ms/request %s, pgbench CPU ms/request %s",
                s.get("commits_per_request"),
                s.get("rollbacks_per_request"),
                orNa(s.get("statements_per_request")),
                orNa(s.get("postgres_cpu_ms_per_request")),
                orNa(m.get("cpu") instanceof Map<?, ?> cpu ? cpu.get("pgbench_cpu_ms_per_request") : null));
    }

    private static Object orNa(Object v) {
        return v == null ? "n/a" : v;
    }
}
