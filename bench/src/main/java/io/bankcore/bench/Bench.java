package io.bankcore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark: drives the HTTP API of one bankcore instance with closed-loop clients and measures
 * throughput, latency percentiles, errors by status, read-model lag, and per request PostgreSQL's
 * commits, rollbacks and statements and the CPU of the instance and PostgreSQL; measures, in the
 * same run, the same operations as plain SQL transactions on the same PostgreSQL server (pgbench)
 * and prints bankcore's figures as ratios of them; checks that an account's history length does not
 * change its deposit latency; times a replay of the read models when the instance offers one. Writes
 * {@code results.json}, {@code report.html} (inline SVG) and {@code report.txt} to the output directory.
 *
 * <p>{@code scripts/bench.sh} (make bench) creates the databases and passes {@code --jar}, {@code --db},
 * {@code --baseline-db} and {@code --pgbench}.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(Options.HELP);
            System.exit(0);
        }
        System.exit(run(options));
    }

    /** The whole run; the results are written even when a step fails. 0 when every step ran. */
    static int run(Options o) throws Exception {
        Path out = o.out != null
                ? o.out
                : Path.of(
                        "bench",
                        "results",
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(ZoneOffset.UTC)
                                .format(Instant.now()));
        Files.createDirectories(out);
        Log log = new Log(System.out);
        Psql psql = Psql.of(o);
        Map<String, Object> results = new LinkedHashMap<>();
        List<Map<String, Object>> scenarioResults = new ArrayList<>();
        Instance instance = null;
        int status = 0;
        try {
            results.put("started_at", Instant.now().toString());
            results.put("options", o.toMap());
            results.put("batch_size", o.batchSize);
            results.put("environment", Environment.describe(psql));
            if (o.url != null) {
                instance = Instance.attach(o.url);
            } else {
                instance = Instance.launch(o, out);
                results.put("app_command", String.join(" ", instance.command));
                instance.awaitHealthy();
            }
            results.put("app", instance.info());
            Context ctx = new Context(o, out, log, psql, instance);
            log.say(
                    "bench: instance at %s (pid %d), %d clients, %s per scenario, %d accounts, zipf s=%.2f, seed %d",
                    instance.url(),
                    instance.pid(),
                    o.clients,
                    o.requests > 0 ? o.requests + " requests" : o.durationS + " s",
                    o.accounts,
                    o.zipfS,
                    o.seed);
            log.say("bench: load average before: %s", Environment.loadAverage());
            results.put("scenarios", scenarioResults);
            Workload workload = null;
            for (String scenario : o.scenarios) {
                if (!scenario.equals("replay") && !scenario.equals("history") && workload == null) {
                    workload = Workload.open(ctx, o.accounts);
                }
                switch (scenario) {
                    case "deposit" -> scenarioResults.add(Load.run(ctx, "deposit", Map.of("deposit", 1), workload));
                    case "deposit-auth" -> scenarioResults.add(AuthCost.run(ctx, workload));
                    case "deposit-keyed" ->
                        scenarioResults.add(Load.run(ctx, "deposit-keyed", Map.of("deposit-keyed", 1), workload));
                    case "withdraw" -> scenarioResults.add(Load.run(ctx, "withdraw", Map.of("withdraw", 1), workload));
                    case "transfer" -> scenarioResults.add(Load.run(ctx, "transfer", Map.of("transfer", 1), workload));
                    case "batch" -> {
                        Load.batchSize = o.batchSize;
                        scenarioResults.add(Load.run(ctx, "batch", Map.of("batch", 1), workload));
                    }
                    case "reserve" -> scenarioResults.add(Load.run(ctx, "reserve", Map.of("reserve", 1), workload));
                    case "post" -> {
                        Load.prepareReservations(ctx, workload);
                        scenarioResults.add(Load.run(ctx, "post", Map.of("post", 1), workload));
                    }
                    case "read" -> scenarioResults.add(Load.run(ctx, "read", readMix(), workload));
                    case "mixed" -> scenarioResults.add(Load.run(ctx, "mixed", o.mix, workload));
                    case "history" -> results.put("history", History.run(ctx));
                    case "replay" -> results.put("replay", Replay.run(ctx));
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
            }
            if (o.baseline) {
                results.put("baseline", Baseline.run(ctx));
            }
            results.put("ratios", ratios(log, results, scenarioResults));
        } catch (Exception e) {
            status = 1;
            results.put("error", e.toString());
            log.say("bench: FAILED: %s", e);
            e.printStackTrace();
        } finally {
            if (instance != null) {
                instance.stop();
            }
            results.put("finished_at", Instant.now().toString());
            results.put("load_average_after", Environment.loadAverage());
            log.say("");
            for (String line : Report.text(results).split("\n", -1)) {
                if (!line.isEmpty()) {
                    log.say("%s", line);
                }
            }
            Files.writeString(out.resolve("results.json"), Json.write(results) + "\n");
            Files.writeString(out.resolve("report.html"), Report.html(results));
            Files.writeString(out.resolve("report.txt"), log.text());
            System.out.println("bench: wrote " + out.resolve("results.json") + ", " + out.resolve("report.html") + ", "
                    + out.resolve("report.txt"));
        }
        return status;
    }

    /** What an idempotency key costs: {@link #cost} of deposit-keyed over deposit. */
    static java.util.Optional<Map<String, Object>> keyCost(Log log, List<Map<String, Object>> scenarios) {
        return cost(log, scenarios, "deposit", "deposit-keyed", "an idempotency key's cost");
    }

    /**
     * One scenario's figures as ratios of another's from the same run (throughput, p50, p99,
     * statements and instance CPU per request); empty unless both ran.
     */
    @SuppressWarnings("unchecked")
    static java.util.Optional<Map<String, Object>> cost(
            Log log, List<Map<String, Object>> scenarios, String base, String variant, String what) {
        Map<String, Object> plain = null;
        Map<String, Object> changed = null;
        for (Map<String, Object> s : scenarios) {
            if (base.equals(s.get("name"))) {
                plain = (Map<String, Object>) s.get("summary");
            } else if (variant.equals(s.get("name"))) {
                changed = (Map<String, Object>) s.get("summary");
            }
        }
        if (plain == null || changed == null) {
            return java.util.Optional.empty();
        }
        Map<String, Object> r = Summary.ratios(changed, plain);
        log.say("");
        log.say(
                "== %s: %s %s/s vs %s %s/s (throughput %s); p50 %sx, p99 %sx; statements/request %s,"
                        + " instance CPU/request %s",
                what,
                variant,
                changed.get("requests_per_s"),
                base,
                plain.get("requests_per_s"),
                r.get("throughput"),
                r.get("p50"),
                r.get("p99"),
                Report.ratio(r.get("statements_per_request")),
                Report.ratio(r.get("instance_cpu_ms_per_request")));
        return java.util.Optional.of(r);
    }

    /**
     * Transfers per second moved by atomic batches against single transfers sent by the same clients in the
     * same run: each batch request carries {@code batchSize} transfers.
     */
    static java.util.Optional<Double> batchGain(Log log, List<Map<String, Object>> scenarios, int batchSize) {
        Double single = null;
        Double batched = null;
        for (Map<String, Object> s : scenarios) {
            if (s.get("throughput_per_s") instanceof Number n) {
                if ("transfer".equals(s.get("name"))) {
                    single = n.doubleValue();
                } else if ("batch".equals(s.get("name"))) {
                    batched = n.doubleValue() * batchSize;
                }
            }
        }
        if (single == null || batched == null || single == 0) {
            return java.util.Optional.empty();
        }
        double ratio = Math.round(batched / single * 100) / 100.0;
        log.say("");
        log.say(
                "== atomic batches of %d: %.1f transfers/s vs %.1f/s as single transfers, %.2fx",
                batchSize, batched, single, ratio);
        return java.util.Optional.of(ratio);
    }

    /** Balance reads three times as often as history reads. */
    static Map<String, Integer> readMix() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("balance", 3);
        m.put("transactions", 1);
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ratios(Log log, Map<String, Object> results, List<Map<String, Object>> scenarios) {
        Map<String, Object> m = new LinkedHashMap<>();
        keyCost(log, scenarios).ifPresent(r -> m.put("deposit-keyed/deposit", r));
        cost(log, scenarios, "deposit", "deposit-auth", "authentication's cost")
                .ifPresent(r -> m.put("deposit-auth/deposit", r));
        // The two phases of a pending transfer against the one-phase transfer of the same run.
        cost(log, scenarios, "transfer", "reserve", "a reservation against a transfer")
                .ifPresent(r -> m.put("reserve/transfer", r));
        cost(log, scenarios, "transfer", "post", "a post against a transfer").ifPresent(r -> m.put("post/transfer", r));
        batchGain(log, scenarios, ((Number) results.getOrDefault("batch_size", 100)).intValue())
                .ifPresent(r -> m.put("batch/transfer transfers per second", r));
        if (!(results.get("baseline") instanceof Map<?, ?> b) || b.containsKey("skipped")) {
            return m;
        }
        log.say("");
        log.say("== bankcore as a ratio of the plain SQL baseline (same server, same clients)");
        for (Map<String, Object> s : scenarios) {
            String name = (String) s.get("name");
            if (!(b.get(name) instanceof Map<?, ?> base)) {
                continue;
            }
            Map<String, Object> bs = (Map<String, Object>) base.get("summary");
            Map<String, Object> ss = (Map<String, Object>) s.get("summary");
            Map<String, Object> r = Summary.ratios(ss, bs);
            m.put(name, r);
            log.say(
                    "   %-9s throughput %s of the baseline's (%s/s vs %s/s); p50 %sx, p99 %sx the baseline's;"
                            + " commits/request %s, statements/request %s, server CPU/request %s",
                    name,
                    r.get("throughput"),
                    ss.get("requests_per_s"),
                    bs.get("requests_per_s"),
                    r.get("p50"),
                    r.get("p99"),
                    Report.ratio(r.get("commits_per_request")),
                    Report.ratio(r.get("statements_per_request")),
                    Report.ratio(r.get("server_cpu_ms_per_request")));
        }
        return m;
    }
}
