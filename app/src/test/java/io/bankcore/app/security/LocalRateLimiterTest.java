package io.bankcore.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void a_burst_then_the_rate_per_client_each_on_its_own() {
        var limiter = new LocalRateLimiter(2, 3, registry, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("key:a")).isEmpty();
        }
        assertThat(limiter.acquire("key:a")).hasValue(1);
        assertThat(limiter.acquire("key:b")).isEmpty();
        now.addAndGet(500_000_000L); // half a second: one token at 2/s
        assertThat(limiter.acquire("key:a")).isEmpty();
        assertThat(limiter.acquire("key:a")).isPresent();
        now.addAndGet(10_000_000_000L); // refills up to the burst, not beyond
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("key:a")).isEmpty();
        }
        assertThat(limiter.acquire("key:a")).isPresent();
        assertThat(registry.counter("bankcore.rate.limited").count()).isEqualTo(3);
    }

    @Test
    void off_by_default() {
        var limiter = new LocalRateLimiter(0, 0, registry, now::get);
        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.acquire("key:a")).isEmpty();
        }
        assertThat(limiter.enabled()).isFalse();
    }
}
