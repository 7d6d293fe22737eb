package io.bankcore.app.idempotency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bankcore.idempotency.requests} by outcome (a request that ran and stored its answer, a replay,
 * a key reused for another request, a key still in use) and {@code bankcore.idempotency.keys}, the
 * keys stored: counted by the purge, plus those this instance stored since.
 */
public class IdempotencyMetrics {

    private final Counter executed;
    private final Counter replayed;
    private final Counter reused;
    private final Counter inUse;
    private final AtomicLong stored = new AtomicLong();

    public IdempotencyMetrics(MeterRegistry registry) {
        executed = counter(registry, "executed");
        replayed = counter(registry, "replayed");
        reused = counter(registry, "reused");
        inUse = counter(registry, "in_use");
        Gauge.builder("bankcore.idempotency.keys", stored, AtomicLong::get)
                .description("Idempotency keys stored (counted by the purge)")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("bankcore.idempotency.requests")
                .description("Requests with an Idempotency-Key, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** A request with a key ran and its answer was stored. */
    public void executed() {
        executed.increment();
        stored.incrementAndGet();
    }

    public void replayed() {
        replayed.increment();
    }

    public void reused() {
        reused.increment();
    }

    public void inUse() {
        inUse.increment();
    }

    void stored(long keys) {
        stored.set(keys);
    }

    /** The counts so far, for the operations view. */
    public Snapshot snapshot() {
        return new Snapshot(
                stored.get(), (long) executed.count(), (long) replayed.count(), (long) reused.count(), (long)
                        inUse.count());
    }

    public record Snapshot(long keysStored, long executed, long replayed, long reused, long inUse) {}
}
