package io.bankcore.app.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per credential, on this instance: {@code perSecond} requests a second on average,
 * up to {@code burst} at once. Off when {@code perSecond} is 0 (the default). Every instance limits
 * on its own, so a client spread over N instances may get up to N times the rate: the limiter of the
 * embedded (H2) default, and the one a {@link SharedRateLimiter} falls back to.
 */
public class LocalRateLimiter implements RateLimiter {

    private static final int MAX_CLIENTS = 100_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final Counter limited;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.refilledAt = at;
        }
    }

    public LocalRateLimiter(double perSecond, double burst, MeterRegistry registry, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.nanos = nanos;
        this.limited = RateLimiter.limitedCounter(registry);
        RateLimiter.fallbackCounter(registry); // never counts here: there is no shared bucket to fail
    }

    @Override
    public boolean enabled() {
        return perSecond > 0;
    }

    @Override
    public OptionalLong acquire(String client) {
        if (!enabled()) {
            return OptionalLong.empty();
        }
        long now = nanos.getAsLong();
        if (buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client)) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) / 1e9 * perSecond);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return OptionalLong.empty();
            }
            limited.increment();
            return OptionalLong.of((long) Math.ceil((1 - bucket.tokens) / perSecond));
        }
    }
}
