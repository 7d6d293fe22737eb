package io.bankcore.app.events;

import io.bankcore.app.config.TokenStoreConfiguration;
import io.bankcore.app.ops.EventStoreHead;
import io.bankcore.app.ops.ProcessorStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sinks' cursors and the pool that runs them ({@code bankcore.sinks.*}), and their place in
 * {@code /admin/processors} (and so in {@code /ops}): one processor per sink, named after its cursor.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class SinkConfiguration {

    @Bean
    SinkCursors sinkCursors(JdbcTemplate jdbc) {
        return new SinkCursors(jdbc);
    }

    @Bean(destroyMethod = "close")
    SinkRunner sinkRunner(
            EventLog eventLog,
            SinkCursors sinkCursors,
            EventStoreHead eventStoreHead,
            MeterRegistry meters,
            @Value("${bankcore.node-id:}") String nodeId,
            @Value("${bankcore.sinks.poll-interval:100ms}") Duration pollInterval,
            @Value("${bankcore.sinks.lease:15s}") Duration lease,
            @Value("${bankcore.sinks.round-time:5s}") Duration roundTime,
            @Value("${bankcore.sinks.threads:4}") int threads,
            @Value("${bankcore.sinks.enabled:true}") boolean enabled,
            PlatformTransactionManager transactionManager) {
        return new SinkRunner(
                eventLog,
                sinkCursors,
                eventStoreHead,
                meters,
                TokenStoreConfiguration.nodeId(nodeId),
                Clock.systemUTC(),
                pollInterval,
                lease,
                roundTime,
                threads,
                enabled,
                new TransactionTemplate(transactionManager));
    }

    @Bean
    ProcessorStatus.Extra sinkProcessors(SinkCursors sinkCursors, SinkRunner sinkRunner) {
        return () -> sinkCursors.all().stream()
                .map(cursor -> new ProcessorStatus.Extra.Cursor(
                        cursor.name(),
                        cursor.name().startsWith("webhook:")
                                ? "WEBHOOK"
                                : cursor.name().toUpperCase(Locale.ROOT),
                        sinkRunner.isRunning(cursor.name()),
                        cursor.failures() > 0 || sinkRunner.isError(cursor.name()),
                        cursor.owner(),
                        cursor.position()))
                .toList();
    }
}
