package io.bankcore.app.config;

import io.bankcore.command.ConflictRetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Counts optimistic-concurrency conflicts and their retries in metrics. */
@Configuration(proxyBeanMethods = false)
public class RetryMetricsConfiguration {

    @Bean
    ConflictRetry.Observer conflictMetrics(MeterRegistry registry) {
        Counter conflicts = Counter.builder("bankcore.commands.conflicts")
                .description("commands that lost an append race to another instance")
                .register(registry);
        Counter retries = Counter.builder("bankcore.commands.retries")
                .description("commands sent again after a conflict")
                .register(registry);
        Counter exhausted = Counter.builder("bankcore.commands.retries.exhausted")
                .description("commands answered 409 CONCURRENT_UPDATE after their last retry")
                .register(registry);
        return new ConflictRetry.Observer() {
            @Override
            public void conflict(String aggregateId, int attempt) {
                conflicts.increment();
            }

            @Override
            public void retry(String aggregateId, int attempt) {
                retries.increment();
            }

            @Override
            public void exhausted(String aggregateId, int attempts) {
                exhausted.increment();
            }
        };
    }
}
