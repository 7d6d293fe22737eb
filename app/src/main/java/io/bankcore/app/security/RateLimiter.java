package io.bankcore.app.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalLong;

/**
 * Per-credential rate limits: a token bucket per client ({@code key:<id>} or {@code jwt:<sub>}, never
 * a credential). {@link LocalRateLimiter} keeps the buckets on each instance; {@link SharedRateLimiter}
 * keeps them in PostgreSQL, one for every instance. Settings in {@link RateLimitProperties}.
 */
public interface RateLimiter {

    /** False when limits are off ({@code requests-per-second} 0): every request passes. */
    boolean enabled();

    /** Empty when the client may go on; else the whole seconds after which a request would pass. */
    OptionalLong acquire(String client);

    /**
     * Checks decided by the instance's own bucket because the shared buckets failed: counted by
     * {@link SharedRateLimiter}, registered (and always 0) with {@link LocalRateLimiter} too, so the
     * series exists wherever limits run.
     */
    static Counter fallbackCounter(MeterRegistry registry) {
        return Counter.builder("bankcore.rate.limit.fallback")
                .description("Rate-limit checks decided by the instance's own bucket because the shared bucket"
                        + " in PostgreSQL failed or had failed within bankcore.rate-limit.local-after-failure")
                .register(registry);
    }

    /** Requests refused with 429 RATE_LIMITED, whichever limiter refused them. */
    static Counter limitedCounter(MeterRegistry registry) {
        return Counter.builder("bankcore.rate.limited")
                .description("Requests refused with 429 RATE_LIMITED")
                .register(registry);
    }
}
