package io.bankcore.bench;

import static io.bankcore.bench.Numbers.round1;
import static io.bankcore.bench.Numbers.round2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load scenario: closed-loop clients, each on one keep-alive connection, sending the weighted
 * operations back to back; warm-up first, then the measured window, in which the counters of the
 * instance, PostgreSQL and the machine are sampled at both ends.
 */
final class Load {
    private Load() {}

    interface Worker {
        void run(int index) throws Exception;
    }

    /** Runs {@code threads} workers and waits for them; the first failure is rethrown. */
    static void parallel(int threads, Worker worker) throws Exception {
        List<Thread> started = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(
                    () -> {
                        try {
                            worker.run(index);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    },
                    "bench-" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            Throwable e = errors.peek();
            throw new IllegalStateException("a worker failed: " + e, e);
        }
    }

    /** What one client saw, per operation. */
    static final class Recorder {
        final Map<String, Latencies> latencies = new TreeMap<>();
        final Map<String, Map<String, Long>> errors = new TreeMap<>();
        final long[] perSecond;
        /** Posts in the window that found no prepared reservation and reserved one first. */
        long reservedInline;

        Recorder(int seconds) {
            perSecond = new long[Math.max(1, seconds + 2)];
        }

        void ok(String op, long micros, double secondInWindow) {
            latencies.computeIfAbsent(op, k -> new Latencies()).add(micros);
            int s = (int) secondInWindow;
            if (s >= 0 && s < perSecond.length) {
                perSecond[s]++;
            }
        }

        void error(String op, String status) {
            errors.computeIfAbsent(op, k -> new TreeMap<>()).merge(status, 1L, Long::sum);
        }
    }

    /** Picks operations by weight: {@code ops[i]} with probability {@code weights[i] / total}. */
    static final class Mix {
        final String[] ops;
        private final int[] cumulative;
        private final int total;

        Mix(Map<String, Integer> weights) {
            ops = weights.keySet().toArray(new String[0]);
            cumulative = new int[ops.length];
            int sum = 0;
            for (int i = 0; i < ops.length; i++) {
                sum += weights.get(ops[i]);
                cumulative[i] = sum;
            }
            total = sum;
        }

        String next(Random random) {
            int pick = random.nextInt(total);
            int i = 0;
            while (cumulative[i] <= pick) {
                i++;
            }
            return ops[i];
        }
    }

    /**
     * What a scenario's figures measure, where the name does not say it all; printed with the report.
     */
    static final Map<String, String> NOTES = Map.of(
            "batch",
            "POST /transfers/batch, each request an atomic batch of --batch-size transfers (pairs and amounts"
                    + " chosen as the transfer scenario's): throughput_per_s and latencies are per batch; the"
                    + " transfers per second are that times the batch size (see ratios).",
            "reserve",
            "POST /transfers with pending: true and timeout_seconds " + Workload.RESERVATION_TIMEOUT_S
                    + " between two different accounts, amounts 1-1000: each reservation stays open, its"
                    + " deadline stored in the database, and is left for the post scenario.",
            "post",
            "POST /transfers/{id}/post (all of the amount) on its own: the reservations it posts were made"
                    + " before the measured window (left open by the reserve scenario, then topped up by"
                    + " reserving for 1.25 times the warm-up plus the window), so reserving costs it nothing;"
                    + " reserved_inline counts posts that found none prepared and reserved first, inside the window.");

    /** A reservation between two accounts of the Zipf choice, left open for the posts. */
    static Http.Reply reserve(Http http, Random random, Workload w) throws IOException {
        Http.Reply r = sendReservation(http, random, w);
        if (r.status() == 201) {
            w.openReservations.add(Json.field(r.body(), "correlation_id"));
        }
        return r;
    }

    /** A reservation between two accounts of the Zipf choice, open long after the run. */
    private static Http.Reply sendReservation(Http http, Random random, Workload w) throws IOException {
        String[] pair = w.pair(random);
        return http.post(
                "/transfers",
                "{\"from_account_number\":\"" + pair[0] + "\",\"to_account_number\":\"" + pair[1]
                        + "\",\"amount_cents\":" + (1 + random.nextInt(1000)) + ",\"pending\":true,"
                        + "\"timeout_seconds\":" + Workload.RESERVATION_TIMEOUT_S + "}");
    }

    /**
     * Before the post scenario: reservations enough for it, made by every client without measuring,
     * until the pool holds twice the requests to be measured or, for a timed window, for 1.25 times the
     * warm-up plus the window (the reservations left by the reserve scenario come on top).
     */
    static void prepareReservations(Context ctx, Workload w) throws Exception {
        Options o = ctx.options;
        double warmupS = ctx.loaded ? o.warmupS : Math.max(o.warmupS, o.firstWarmupS);
        long target = o.requests > 0 ? 2 * o.requests : Long.MAX_VALUE;
        long until =
                o.requests > 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (1.25 * (warmupS + o.durationS) * 1e9);
        int before = w.openReservations.size();
        long started = System.nanoTime();
        AtomicLong refused = new AtomicLong();
        parallel(o.clients, index -> {
            Random random = new Random(o.seed * 37 + index);
            try (Http http = ctx.instance.connect()) {
                while (System.nanoTime() < until && w.openReservations.size() < target) {
                    if (reserve(http, random, w).status() != 201) {
                        refused.incrementAndGet();
                    }
                }
            }
        });
        ctx.log.say(
                "bench: post: %d reservations prepared in %.1f s (%d refused), %d open before",
                w.openReservations.size() - before, (System.nanoTime() - started) / 1e9, refused.get(), before);
    }

    /** Transfers per request of the batch scenario (set from the options before a run). */
    static volatile int batchSize = 100;

    /** An atomic batch of {@code size} transfers between pairs chosen as the transfer scenario's are. */
    static String batch(Random random, Workload w, int size) {
        var body = new StringBuilder(size * 90 + 16).append("{\"transfers\":[");
        for (int i = 0; i < size; i++) {
            String[] pair = w.pair(random);
            body.append(i == 0 ? "" : ",")
                    .append("{\"from_account_number\":\"")
                    .append(pair[0])
                    .append("\",\"to_account_number\":\"")
                    .append(pair[1])
                    .append("\",\"amount_cents\":")
                    .append(1 + random.nextInt(1000))
                    .append('}');
        }
        return body.append("]}").toString();
    }

    /** One operation of the load, sent and recorded; the account choice is the Zipf one. */
    static void operation(
            String op,
            Http http,
            Random random,
            Workload w,
            Recorder rec,
            PendingTransfers pending,
            long windowStart,
            boolean measured)
            throws IOException {
        String reservation = null;
        if (op.equals("post")) {
            reservation = w.openReservations.poll();
            if (reservation == null) {
                // None prepared left: reserve one first, outside the post's own latency.
                Http.Reply reserved = sendReservation(http, random, w);
                if (measured) {
                    rec.reservedInline++;
                }
                reservation = reserved.status() == 201 ? Json.field(reserved.body(), "correlation_id") : null;
                if (reservation == null) {
                    if (measured) {
                        rec.error(op, "reserve " + reserved.status());
                    }
                    return;
                }
            }
        }
        long start = System.nanoTime();
        Http.Reply r = switch (op) {
            case "deposit" ->
                http.post(
                        "/accounts/" + w.account(random) + "/deposit",
                        "{\"amount_cents\":" + (1 + random.nextInt(1000)) + "}");
            case "deposit-keyed" ->
                http.post(
                        "/accounts/" + w.account(random) + "/deposit",
                        "{\"amount_cents\":" + (1 + random.nextInt(1000)) + "}",
                        "Idempotency-Key: " + java.util.UUID.randomUUID() + "\r\n");
            case "withdraw" ->
                http.post(
                        "/accounts/" + w.account(random) + "/withdraw",
                        "{\"amount_cents\":" + (1 + random.nextInt(1000)) + "}");
            case "transfer" -> {
                String[] pair = w.pair(random);
                yield http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + pair[0] + "\",\"to_account_number\":\"" + pair[1]
                                + "\",\"amount_cents\":" + (1 + random.nextInt(1000)) + "}");
            }
            case "batch" -> http.post("/transfers/batch", batch(random, w, batchSize));
            case "reserve" -> reserve(http, random, w);
            case "post" -> http.post("/transfers/" + reservation + "/post", "{}");
            case "balance" -> http.get("/accounts/" + w.account(random) + "/balance");
            case "transactions" -> http.get("/accounts/" + w.account(random) + "/transactions?limit=20");
            default -> throw new IllegalArgumentException(op);
        };
        long end = System.nanoTime();
        if (!measured) {
            return;
        }
        int status = r.status();
        boolean ok = status == 200 || status == 201 || (op.equals("transfer") && status == 202);
        if (ok) {
            rec.ok(op, (end - start) / 1000, (start - windowStart) / 1e9);
            if (status == 202) {
                rec.error(op, "202 (pending, polled)");
                pending.add(Json.field(r.body(), "correlation_id"), end);
            }
        } else {
            rec.error(op, Integer.toString(status));
        }
    }

    static Map<String, Object> run(Context ctx, String name, Map<String, Integer> weights, Workload w)
            throws Exception {
        Options o = ctx.options;
        Instance instance = ctx.instance;
        Mix mix = new Mix(weights);
        ctx.log.say("");
        ctx.log.say("== %s: %d clients, mix %s, load average %s", name, o.clients, weights, Environment.loadAverage());

        List<Recorder> recorders = Collections.synchronizedList(new ArrayList<>());
        AtomicLong remaining = new AtomicLong(o.requests);
        double warmupS = ctx.loaded ? o.warmupS : Math.max(o.warmupS, o.firstWarmupS);
        ctx.loaded = true;
        long warmupNanos = (long) (warmupS * 1e9);
        long durationNanos = (long) (o.durationS * 1e9);
        long begin = System.nanoTime();
        long windowStart = begin + warmupNanos;
        long windowEnd = o.requests > 0 ? Long.MAX_VALUE : windowStart + durationNanos;
        CountDownLatch warmedUp = new CountDownLatch(1);
        CpuSampler.Cpu[] cpuStart = new CpuSampler.Cpu[1];
        PostgresSampler.Snapshot[] pgStart = new PostgresSampler.Snapshot[1];
        List<Map<String, Object>> metricsStart = new ArrayList<>();
        Path jfrFile = o.jfr ? ctx.out.resolve("jfr-" + name + ".jfr").toAbsolutePath() : null;
        Thread marker = new Thread(() -> {
            try {
                long sleep = windowStart - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
                // Counters start with the measured window: warm-up requests are not in them.
                pgStart[0] = ctx.postgres.take(true);
                metricsStart.add(AppMetrics.read(instance));
                cpuStart[0] = CpuSampler.sample(instance.pid(), -1);
                if (jfrFile != null) {
                    JvmSampler.startRecording(instance.pid(), name, jfrFile);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                warmedUp.countDown();
            }
        });
        marker.start();

        PendingTransfers pending = new PendingTransfers(instance);
        VisibilityProbe probe = weights.containsKey("deposit") || weights.containsKey("withdraw")
                ? new VisibilityProbe(instance, o.seed)
                : null;
        parallel(o.clients, index -> {
            Random random = new Random(o.seed * 31 + index + name.hashCode());
            Recorder rec = new Recorder((int) Math.ceil(o.requests > 0 ? 3600 : o.durationS));
            recorders.add(rec);
            try (Http http = instance.connect()) {
                while (true) {
                    long now = System.nanoTime();
                    boolean measured = now >= windowStart;
                    if (now >= windowEnd) {
                        break;
                    }
                    if (measured && o.requests > 0 && remaining.getAndDecrement() <= 0) {
                        break;
                    }
                    String op = mix.next(random);
                    try {
                        operation(op, http, random, w, rec, pending, windowStart, measured);
                    } catch (IOException e) {
                        if (measured) {
                            rec.error(op, "io: " + e.getClass().getSimpleName());
                        }
                    }
                }
            }
        });
        long end = System.nanoTime();
        warmedUp.await();
        CpuSampler.Cpu cpuEnd = CpuSampler.sample(instance.pid(), -1);
        PostgresSampler.Snapshot pgEnd = ctx.postgres.take(false);
        Map<String, Object> metricsEnd = AppMetrics.read(instance);
        if (jfrFile != null) {
            JvmSampler.stopRecording(instance.pid(), name);
        }
        if (probe != null) {
            probe.stop();
        }
        pending.stop();

        double seconds = (end - windowStart) / 1e9;
        Map<String, Latencies> byOp = new TreeMap<>();
        Map<String, Map<String, Long>> errors = new TreeMap<>();
        Latencies all = new Latencies();
        long[] timeline = new long[(int) Math.ceil(seconds) + 1];
        for (Recorder rec : recorders) {
            rec.latencies.forEach((op, l) -> {
                byOp.computeIfAbsent(op, k -> new Latencies()).addAll(l);
                all.addAll(l);
            });
            rec.errors.forEach((op, m) -> m.forEach((status, n) ->
                    errors.computeIfAbsent(op, k -> new TreeMap<>()).merge(status, n, Long::sum)));
            for (int s = 0; s < timeline.length && s < rec.perSecond.length; s++) {
                timeline[s] += rec.perSecond[s];
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("clients", o.clients);
        result.put("mix", weights);
        result.put("warmup_s", warmupS);
        result.put("measured_s", round2(seconds));
        result.put("load_average", Environment.loadAverage());
        long okCount = all.size();
        result.put("ok", okCount);
        result.put("errors_total", errorCount(errors));
        result.put("throughput_per_s", round1(okCount / seconds));
        result.put("latency", all.summary());
        Map<String, Object> perOp = new LinkedHashMap<>();
        byOp.forEach((op, l) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("throughput_per_s", round1(l.size() / seconds));
            m.putAll(l.summary());
            perOp.put(op, m);
        });
        result.put("operations", perOp);
        result.put("errors_by_status", errors);
        if (weights.containsKey("post")) {
            result.put(
                    "reserved_inline",
                    recorders.stream().mapToLong(rec -> rec.reservedInline).sum());
        }
        if (NOTES.containsKey(name)) {
            result.put("note", NOTES.get(name));
        }
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put(
                "note",
                "Deposits, withdrawals and transfers answered 200 already reflect the write in every"
                        + " GET (the reply waits for the read models); only a transfer answered 202 needs polling.");
        lag.put("transfers_202_until_get_shows_settled", pending.summary());
        if (probe != null) {
            lag.put("deposit_reply_until_balance_shows_it", probe.summary());
        }
        result.put("read_model_lag", lag);
        result.put("timeline_per_s", Arrays.stream(timeline).boxed().toList());
        result.put("cpu", cpuStart[0] == null ? null : cpuEnd.since(cpuStart[0], okCount));
        if (ctx.postgres.enabled() && pgStart[0] != null) {
            result.put("postgresql", ctx.postgres.since(pgStart[0], pgEnd, okCount));
        }
        result.put(
                "app_metrics",
                AppMetrics.delta(metricsStart.isEmpty() ? Map.of() : metricsStart.get(0), metricsEnd, okCount));
        if (jfrFile != null) {
            result.put("jfr", JvmSampler.summarise(jfrFile));
        }
        result.put("summary", Summary.ofScenario(result));
        print(ctx.log, result);
        return result;
    }

    /** Replies that were not a success; a transfer answered 202 is recorded under its status but succeeded. */
    static long errorCount(Map<String, Map<String, Long>> errors) {
        return errors.values().stream()
                .flatMap(m -> m.entrySet().stream())
                .filter(e -> !e.getKey().startsWith("202"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    @SuppressWarnings("unchecked")
    static void print(Log log, Map<String, Object> r) {
        Map<String, Object> lat = (Map<String, Object>) r.get("latency");
        log.say(
                "   throughput %.1f/s  p50 %s ms  p95 %s ms  p99 %s ms  max %s ms  ok %d  errors %d %s",
                r.get("throughput_per_s"),
                lat.get("p50_ms"),
                lat.get("p95_ms"),
                lat.get("p99_ms"),
                lat.get("max_ms"),
                r.get("ok"),
                r.get("errors_total"),
                r.get("errors_by_status"));
        if (r.get("reserved_inline") != null) {
            log.say("   reserved inline (no prepared reservation left) %s", r.get("reserved_inline"));
        }
        if (r.get("note") != null) {
            log.say("   what it measures: %s", r.get("note"));
        }
        ((Map<String, Object>) r.get("operations")).forEach((op, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            log.say(
                    "   %-13s %8.1f/s  p50 %s  p95 %s  p99 %s  max %s ms",
                    op, m.get("throughput_per_s"), m.get("p50_ms"), m.get("p95_ms"), m.get("p99_ms"), m.get("max_ms"));
        });
        log.say("   cpu %s", r.get("cpu"));
        log.say("   read-model lag %s", r.get("read_model_lag"));
        if (r.get("postgresql") instanceof Map<?, ?> pg) {
            log.say(
                    "   postgresql: commits/request %s, rollbacks/request %s, WAL syncs/request (whole server) %s,"
                            + " statements/request %s",
                    pg.get("commits_per_request"),
                    pg.get("rollbacks_per_request"),
                    pg.get("wal_syncs_per_request_server_wide"),
                    pg.get("statements_per_request") != null
                            ? pg.get("statements_per_request")
                            : "n/a (" + pg.get("statements_unavailable") + ")");
            if (pg.get("top_statements") instanceof List<?> top) {
                for (Object t : top.subList(0, Math.min(8, top.size()))) {
                    Map<String, Object> s = (Map<String, Object>) t;
                    log.say(
                            "     %6.1f%% %7.2f calls/req %6.3f ms  %s",
                            s.get("share_of_time_percent"),
                            s.get("calls_per_request"),
                            s.get("mean_ms"),
                            s.get("query"));
                }
            }
        }
        log.say("   app metrics %s", r.get("app_metrics"));
        if (r.get("jfr") instanceof Map<?, ?> j && j.get("top_frames") instanceof List<?> top) {
            log.say("   jfr: %s execution samples; by area %s", j.get("samples"), j.get("by_area_percent"));
            for (Object t : top.subList(0, Math.min(10, top.size()))) {
                log.say("     %s", t);
            }
        }
    }
}
