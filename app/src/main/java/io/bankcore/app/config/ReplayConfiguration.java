package io.bankcore.app.config;

import io.bankcore.query.LiveTablesGate;
import io.bankcore.query.replay.ReadModelReplay;
import io.bankcore.query.replay.ReplayProcessor;
import io.bankcore.query.replay.ReplayRuns;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read models' replay: one background thread per instance; the lock in the database allows one run
 * at a time. {@code bankcore.replay.source} says where it reads the events: {@code event-table} (the
 * default) straight from the database's {@code domain_event_entry}, fast; {@code event-store} through
 * Axon's replay, the replay processor ({@link ReplayProcessor}) reset to the start of whatever the event
 * store is. The axonserver profile sets {@code event-store}: the events are not in the database there,
 * and the service refuses to start with {@code event-table} beside Axon Server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplayProperties.class)
class ReplayConfiguration {

    @Bean
    ReplayRuns replayRuns(JdbcTemplate jdbc) {
        return new ReplayRuns(jdbc, Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService replayExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, "replay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Built for {@code event-store} only; the processor is declared to Axon by {@link #replayProcessorModule}. */
    @Bean
    static ReplayProcessor replayProcessor(
            ObjectProvider<DataSource> dataSource, ObjectProvider<ReplayProperties> properties) {
        return new ReplayProcessor(
                () -> new JdbcTemplate(dataSource.getObject()),
                properties.getObject().batchSize());
    }

    /** Static: Axon reads configurer modules while the buses are being built. */
    @Bean
    static ConfigurerModule replayProcessorModule(
            ObjectProvider<ReplayProcessor> replay, ObjectProvider<ReplayProperties> properties) {
        return configurer -> {
            if (properties.getObject().source() == ReplayProperties.Source.EVENT_STORE) {
                configurer.eventProcessing(processing -> replay.getObject().register(processing));
            }
        };
    }

    @Bean
    ReadModelReplay readModelReplay(
            DataSource dataSource,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            EventProcessingConfiguration processors,
            EventStore eventStore,
            ReplayProcessor replayProcessor,
            LiveTablesGate gate,
            ReplayRuns runs,
            ExecutorService replayExecutor,
            @Value("${bankcore.node-id:}") String nodeId,
            ReplayProperties properties,
            @Value("${axon.axonserver.enabled:false}") boolean axonServer) {
        String node = TokenStoreConfiguration.nodeId(nodeId);
        if (properties.source() == ReplayProperties.Source.EVENT_STORE) {
            return ReadModelReplay.throughProcessor(
                    dataSource,
                    processors,
                    eventStore,
                    replayProcessor,
                    gate,
                    runs,
                    replayExecutor,
                    node,
                    Clock.systemUTC());
        }
        if (axonServer) {
            throw new IllegalStateException("bankcore.replay.source must be event-store with Axon Server (the events"
                    + " are not in the database's event table); it is event-table");
        }
        return ReadModelReplay.fromEventTable(
                dataSource, eventSerializer, processors, gate, runs, replayExecutor, node, Clock.systemUTC());
    }
}
