package io.bankcore.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Transfers answered 202: polled in the background until GET /transfers/{id} shows them settled. */
final class PendingTransfers {
    private record Pending(String id, long repliedAt) {}

    private final Instance instance;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Latencies lag = new Latencies();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong unsettled = new AtomicLong();
    private final Thread thread;

    PendingTransfers(Instance instance) {
        this.instance = instance;
        thread = new Thread(this::poll, "bench-pending");
        thread.setDaemon(true);
        thread.start();
    }

    void add(String id, long repliedAt) {
        queue.add(new Pending(id, repliedAt));
    }

    private void poll() {
        try (Http http = instance.connect()) {
            List<Pending> open = new ArrayList<>();
            while (!stop.get() || !open.isEmpty() || !queue.isEmpty()) {
                for (Pending p; (p = queue.poll()) != null; ) {
                    open.add(p);
                }
                for (var it = open.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    Http.Reply r = http.get("/transfers/" + p.id);
                    String status = r.status() == 200 ? Json.field(r.body(), "status") : null;
                    if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                        synchronized (lag) {
                            lag.add((System.nanoTime() - p.repliedAt) / 1000);
                        }
                        it.remove();
                    } else if (System.nanoTime() - p.repliedAt > TimeUnit.SECONDS.toNanos(120)) {
                        unsettled.incrementAndGet();
                        it.remove();
                    }
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            System.out.println("bench: polling transfers answered 202 stopped: " + e);
        }
    }

    /** Waits (up to 150 s) for the transfers still open to settle. */
    void stop() throws InterruptedException {
        stop.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(150));
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (lag) {
            m.put("answered_202", lag.size() + unsettled.get());
            m.put("unsettled_after_120s", unsettled.get());
            m.put("until_settled", lag.summary());
        }
        return m;
    }
}
