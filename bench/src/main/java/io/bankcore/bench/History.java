package io.bankcore.bench;

import static io.bankcore.bench.Numbers.ratio;
import static io.bankcore.bench.Numbers.round1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The history scenario: deposit latency on an account with many prior events against a new one's. */
final class History {
    private History() {}

    static Map<String, Object> run(Context ctx) throws Exception {
        Options o = ctx.options;
        Log log = ctx.log;
        Instance instance = ctx.instance;
        log.say("");
        log.say(
                "== history: %d prior events on one account, then deposits on it and on a new account, load average %s",
                o.historyEvents, Environment.loadAverage());
        long base = 800_000_000_000L + Math.floorMod(o.seed, 99_999_999L) * 1000;
        String old = String.format("%012d", base + 1);
        String fresh = String.format("%012d", base + 2);
        try (Http http = instance.connect()) {
            for (String n : List.of(old, fresh)) {
                Http.Reply r = http.post(
                        "/accounts", "{\"account_number\":\"" + n + "\",\"currency\":\"" + Workload.CURRENCY + "\"}");
                if (r.status() != 201) {
                    throw new IllegalStateException("cannot open " + n + ": " + r.status() + " " + r.body());
                }
            }
        }
        // Commands on one account run one at a time in the instance; a few clients keep it busy.
        long started = System.nanoTime();
        AtomicLong left = new AtomicLong(o.historyEvents);
        AtomicLong failed = new AtomicLong();
        Load.parallel(Math.min(o.clients, 8), t -> {
            try (Http http = instance.connect()) {
                long i;
                while ((i = left.getAndDecrement()) > 0) {
                    if (http.post("/accounts/" + old + "/deposit", labelled(i)).status() != 200) {
                        failed.incrementAndGet();
                    }
                }
            }
        });
        double buildS = (System.nanoTime() - started) / 1e9;
        log.say(
                "   built %d events in %.1f s (%.0f/s on one account), %d failed",
                o.historyEvents, buildS, o.historyEvents / buildS, failed.get());

        try (Http http = instance.connect()) {
            for (long i = 1; i <= LABELLED_ON_NEW; i++) {
                http.post("/accounts/" + fresh + "/deposit", labelled(i));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("prior_events", o.historyEvents);
        result.put("build_s", round1(buildS));
        result.put("build_per_s_one_account", round1(o.historyEvents / buildS));
        result.put("build_failures", failed.get());
        // Sequential: one client alternates between the old and the new account so drift hits both alike.
        Latencies oldLat = new Latencies();
        Latencies freshLat = new Latencies();
        try (Http http = instance.connect()) {
            for (int i = 0; i < 20; i++) { // warm both paths
                http.post("/accounts/" + old + "/deposit", "{\"amount_cents\":1}");
                http.post("/accounts/" + fresh + "/deposit", "{\"amount_cents\":1}");
            }
            for (int i = 0; i < o.historySamples; i++) {
                for (String n : i % 2 == 0 ? List.of(old, fresh) : List.of(fresh, old)) {
                    long t0 = System.nanoTime();
                    Http.Reply r = http.post("/accounts/" + n + "/deposit", "{\"amount_cents\":1}");
                    long us = (System.nanoTime() - t0) / 1000;
                    if (r.status() == 200) {
                        (n.equals(old) ? oldLat : freshLat).add(us);
                    }
                }
            }
        }
        result.put("reads", reads(ctx, old, fresh));
        Map<String, Object> sequential = compare(oldLat, freshLat);
        result.put("sequential", sequential);
        log.say("   sequential: old %s", sequential.get("old_account"));
        log.say("               new %s", sequential.get("new_account"));
        log.say(
                "               ratio old/new p50 %s, p99 %s",
                sequential.get("ratio_p50"), sequential.get("ratio_p99"));
        // Under load: background clients deposit on other accounts while one client alternates as above.
        Workload w = Workload.open(ctx, Math.min(o.accounts, 200));
        Latencies oldLoad = new Latencies();
        Latencies freshLoad = new Latencies();
        AtomicBoolean stop = new AtomicBoolean();
        Thread measurer = new Thread(() -> {
            try (Http http = instance.connect()) {
                Thread.sleep((long) (o.warmupS * 1000));
                for (int i = 0; i < o.historySamples && !stop.get(); i++) {
                    for (String n : i % 2 == 0 ? List.of(old, fresh) : List.of(fresh, old)) {
                        long t0 = System.nanoTime();
                        Http.Reply r = http.post("/accounts/" + n + "/deposit", "{\"amount_cents\":1}");
                        long us = (System.nanoTime() - t0) / 1000;
                        if (r.status() == 200) {
                            (n.equals(old) ? oldLoad : freshLoad).add(us);
                        }
                    }
                }
            } catch (Exception e) {
                System.out.println("bench: history measurer stopped: " + e);
            } finally {
                stop.set(true);
            }
        });
        measurer.start();
        int background = Math.max(1, o.clients - 2);
        Load.parallel(background, index -> {
            Random random = new Random(o.seed + index);
            try (Http http = instance.connect()) {
                while (!stop.get()) {
                    http.post("/accounts/" + w.account(random) + "/deposit", "{\"amount_cents\":1}");
                }
            }
        });
        measurer.join();
        Map<String, Object> underLoad = compare(oldLoad, freshLoad);
        result.put("under_load_background_clients", background);
        result.put("under_load", underLoad);
        log.say("   under load (%d background clients): old %s", background, underLoad.get("old_account"));
        log.say("               new %s", underLoad.get("new_account"));
        log.say("               ratio old/new p50 %s, p99 %s", underLoad.get("ratio_p50"), underLoad.get("ratio_p99"));
        return result;
    }

    /** Deposits on the new account labelled like the old account's (order ids o-1 ... o-N). */
    private static final int LABELLED_ON_NEW = 50;

    /** A deposit of 1 cent with its own order id in its metadata, as a client tags its movements. */
    private static String labelled(long i) {
        return "{\"amount_cents\":1,\"metadata\":{\"order_id\":\"o-" + i + "\"}}";
    }

    /**
     * Reads whose cost must not grow with the account's history: a ledger page filtered by metadata (one
     * order id), and one-day statements of the day before the history and of the day after it (the
     * history is built within minutes, so a day that holds it would hold all of it). Sequential, one
     * client alternating between the old account and the new one.
     */
    private static Map<String, Object> reads(Context ctx, String old, String fresh) throws Exception {
        Options o = ctx.options;
        var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay(java.time.ZoneOffset.UTC);
        String yesterday = "?from=" + today.minusDays(1).toInstant() + "&to=" + today.toInstant();
        String tomorrow = "?from=" + today.plusDays(1).toInstant() + "&to="
                + today.plusDays(2).toInstant();
        Map<String, java.util.function.Function<String, String>> routes = new LinkedHashMap<>();
        Random random = new Random(o.seed);
        routes.put(
                "metadata_filtered_page",
                n -> "/accounts/" + n + "/transactions?metadata%5Border_id%5D=o-"
                        + (1 + random.nextInt(LABELLED_ON_NEW)));
        routes.put("statement_day_before", n -> "/accounts/" + n + "/statement" + yesterday);
        routes.put("statement_day_after", n -> "/accounts/" + n + "/statement" + tomorrow);
        Map<String, Object> reads = new LinkedHashMap<>();
        try (Http http = ctx.instance.connect()) {
            for (var route : routes.entrySet()) {
                Latencies oldLat = new Latencies();
                Latencies freshLat = new Latencies();
                for (int i = 0; i < 20; i++) { // warm both
                    http.get(route.getValue().apply(old));
                    http.get(route.getValue().apply(fresh));
                }
                for (int i = 0; i < o.historySamples; i++) {
                    for (String n : i % 2 == 0 ? List.of(old, fresh) : List.of(fresh, old)) {
                        String path = route.getValue().apply(n);
                        long t0 = System.nanoTime();
                        Http.Reply r = http.get(path);
                        long us = (System.nanoTime() - t0) / 1000;
                        if (r.status() != 200) {
                            throw new IllegalStateException(path + ": " + r.status() + " " + r.body());
                        }
                        (n.equals(old) ? oldLat : freshLat).add(us);
                    }
                }
                Map<String, Object> compared = compare(oldLat, freshLat);
                reads.put(route.getKey(), compared);
                ctx.log.say(
                        "   %s: old p50 %s ms, new p50 %s ms, ratio old/new p50 %s, p99 %s",
                        route.getKey(),
                        ((Map<?, ?>) compared.get("old_account")).get("p50_ms"),
                        ((Map<?, ?>) compared.get("new_account")).get("p50_ms"),
                        compared.get("ratio_p50"),
                        compared.get("ratio_p99"));
            }
        }
        reads.put("metadata_filtered_page_plans", plans(ctx, old, fresh));
        return reads;
    }

    /**
     * PostgreSQL's plan of the filtered page's statement on each account, executed, so that a slow old
     * account shows whether the metadata index was used or the account's lines were read one by one.
     */
    private static Map<String, Object> plans(Context ctx, String old, String fresh) {
        Map<String, Object> plans = new LinkedHashMap<>();
        if (ctx.instance.database == null) {
            return plans;
        }
        for (String n : List.of(old, fresh)) {
            String plan = ctx.psql.query(
                    ctx.instance.database,
                    "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT entry_id, metadata FROM ledger_entry"
                            + " WHERE account_number = '" + n + "' AND metadata @> '{\"order_id\":\"o-1\"}'"
                            + " ORDER BY sequence DESC LIMIT 101");
            plans.put(n.equals(old) ? "old_account" : "new_account", plan);
            ctx.log.say("   plan of the filtered page, %s account:%n%s", n.equals(old) ? "old" : "new", plan);
        }
        return plans;
    }

    static Map<String, Object> compare(Latencies old, Latencies fresh) {
        Map<String, Object> o = old.summary();
        Map<String, Object> f = fresh.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old_account", o);
        m.put("new_account", f);
        m.put("ratio_p50", ratio(o.get("p50_ms"), f.get("p50_ms")));
        m.put("ratio_p99", ratio(o.get("p99_ms"), f.get("p99_ms")));
        m.put("ratio_mean", ratio(o.get("mean_ms"), f.get("mean_ms")));
        return m;
    }
}
