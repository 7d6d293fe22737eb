package io.bankcore.app.security;

import io.bankcore.command.Database;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which rate limiter runs: none when {@code bankcore.rate-limit.requests-per-second} is 0 (the
 * default); buckets in PostgreSQL shared by every instance on PostgreSQL ({@code shared}, the default);
 * else a bucket per instance (H2, or {@code shared=false}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    RateLimiter rateLimiter(
            RateLimitProperties settings, MeterRegistry registry, DataSource dataSource, JdbcTemplate jdbc) {
        if (settings.requestsPerSecond() < 0 || settings.burst() < 0) {
            throw new AuthNotConfigured("bankcore.rate-limit.requests-per-second and .burst must not be negative");
        }
        if (settings.unsynchronizedFraction() < 0 || settings.unsynchronizedFraction() > 1) {
            throw new AuthNotConfigured("bankcore.rate-limit.unsynchronized-fraction must be between 0 and 1");
        }
        if (settings.localAfterFailure().isNegative()) {
            throw new AuthNotConfigured("bankcore.rate-limit.local-after-failure must not be negative");
        }
        double perSecond = settings.requestsPerSecond();
        double burst = settings.effectiveBurst();
        if (perSecond > 0 && settings.shared() && Database.isPostgres(jdbc)) {
            log.info(
                    "rate limits: {}/s, burst {}, per credential, shared by every instance (PostgreSQL)",
                    perSecond,
                    burst);
            return new SharedRateLimiter(
                    perSecond,
                    burst,
                    settings.unsynchronizedFraction(),
                    dataSource,
                    settings.localAfterFailure(),
                    registry,
                    TimeMeter.SYSTEM_MILLISECONDS,
                    System::nanoTime);
        }
        if (perSecond > 0) {
            log.info("rate limits: {}/s, burst {}, per credential, on each instance on its own", perSecond, burst);
        }
        return new LocalRateLimiter(perSecond, burst, registry, System::nanoTime);
    }

    @Bean
    RateLimitPurge rateLimitPurge(RateLimiter limiter) {
        return new RateLimitPurge(limiter instanceof SharedRateLimiter shared ? shared : null);
    }
}
