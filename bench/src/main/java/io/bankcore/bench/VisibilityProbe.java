package io.bankcore.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes answer only once the read models reflect them. This probe checks it from outside: on an
 * account of its own it deposits, then at once reads the balance, and measures how long until the
 * read shows the deposit (0 when the first read does).
 */
final class VisibilityProbe {
    private final Instance instance;
    private final Latencies lag = new Latencies();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong staleFirstReads = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final String account;

    VisibilityProbe(Instance instance, long seed) throws IOException {
        this.instance = instance;
        account = String.format("%012d", 900_000_000_000L + Math.floorMod(seed, 99_999_999L));
        try (Http http = instance.connect()) {
            http.post(
                    "/accounts", "{\"account_number\":\"" + account + "\",\"currency\":\"" + Workload.CURRENCY + "\"}");
        }
        thread = new Thread(this::probe, "bench-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void probe() {
        try (Http http = instance.connect()) {
            while (!stop.get()) {
                Http.Reply w = http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}");
                long replied = System.nanoTime();
                if (w.status() == 200) {
                    String expected = Json.field(w.body(), "balance_cents");
                    probes.incrementAndGet();
                    boolean first = true;
                    while (true) {
                        Http.Reply r = http.get("/accounts/" + account + "/balance");
                        if (r.status() == 200 && expected.equals(Json.field(r.body(), "balance_cents"))) {
                            lag.add(first ? 0 : (System.nanoTime() - replied) / 1000);
                            break;
                        }
                        if (first) {
                            staleFirstReads.incrementAndGet();
                        }
                        first = false;
                        if (System.nanoTime() - replied > TimeUnit.SECONDS.toNanos(30)) {
                            break;
                        }
                    }
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            System.out.println("bench: visibility probe stopped: " + e);
        }
    }

    void stop() throws InterruptedException {
        stop.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(40));
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probes", probes.get());
        m.put("stale_first_reads", staleFirstReads.get());
        m.put("lag", lag.summary());
        return m;
    }
}
