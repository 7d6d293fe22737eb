package io.bankcore.app.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-credential rate limits ({@code bankcore.rate-limit.*}), off by default.
 *
 * @param requestsPerSecond the rate a credential may keep up; 0 turns limits off
 * @param burst how many requests a credential may send at once; 0 means one second's worth
 * @param shared on PostgreSQL, one bucket per credential for every instance (in the database); false
 *     gives each instance its own buckets, as on H2, where buckets are always per instance
 * @param unsynchronizedFraction with shared buckets, the share of the burst an instance may grant from
 *     its last reading of a bucket before it writes to the database (fewer round trips; N instances may
 *     so exceed the burst by N times that share at once, paid back later); below one request, or 0,
 *     every granted request is written at once and the limit is exact
 * @param localAfterFailure after the shared buckets failed (the database unreachable, say), how long
 *     each instance decides on its own before it tries the database again
 */
@ConfigurationProperties("bankcore.rate-limit")
public record RateLimitProperties(
        @DefaultValue("0") double requestsPerSecond,
        @DefaultValue("0") double burst,
        @DefaultValue("true") boolean shared,
        @DefaultValue("0.05") double unsynchronizedFraction,
        @DefaultValue("5s") Duration localAfterFailure) {

    /** The burst in force: the one set, else one second's worth (at least one request). */
    public double effectiveBurst() {
        return burst > 0 ? burst : Math.max(1, requestsPerSecond);
    }
}
