package io.bankcore.app.idempotency;

import io.bankcore.command.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The idempotency keys' table, metrics and purge. Settings under {@code bankcore.idempotency}. */
@Configuration(proxyBeanMethods = false)
public class IdempotencyConfiguration {

    @Bean
    IdempotencyStore idempotencyStore(JdbcTemplate jdbc) {
        return new IdempotencyStore(jdbc, Database.isPostgres(jdbc));
    }

    @Bean
    IdempotencyMetrics idempotencyMetrics(MeterRegistry registry) {
        return new IdempotencyMetrics(registry);
    }

    @Bean
    IdempotencyPurge idempotencyPurge(
            IdempotencyStore store,
            TransactionTemplate transactions,
            IdempotencyMetrics metrics,
            @Value("${bankcore.idempotency.purge-interval:60s}") Duration interval,
            @Value("${bankcore.idempotency.purge-batch:500}") int batch) {
        return new IdempotencyPurge(store, transactions, metrics, interval, batch);
    }
}
