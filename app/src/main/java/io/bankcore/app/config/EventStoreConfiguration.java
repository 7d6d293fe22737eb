package io.bankcore.app.config;

import io.bankcore.app.tracing.TracingConfiguration;
import io.bankcore.command.BatchedAppends;
import java.time.Duration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store: Axon's JDBC storage engine on the tables of {@code db/migration} (the snake_case
 * names Axon's JPA entities were mapped to, so a store written by the JPA engine reads on), inside an
 * embedded event store whose fetch delay is ours. An append is one batched {@code INSERT} on the
 * connection of the command's transaction; the JPA engine persisted and flushed an entity per event
 * through Hibernate. Events appended in this JVM reach its processors at once; a streaming processor
 * finds another instance's events by polling, every {@code fetch-delay}.
 *
 * <p>Steps aside when Axon Server is enabled (profile {@code axonserver}): Axon's autoconfiguration then
 * makes Axon Server the event store.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class EventStoreConfiguration {

    /** The columns as the migrations name them. */
    static EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new DuplicateKeyResolver();
    }

    /**
     * Axon's JDBC engine, behind the write pipeline's batching of appends: a batch of several requests
     * sends all its events as one append before it commits (see {@link BatchedAppends}). With traces on,
     * each append is a span ({@link TracingConfiguration}).
     */
    @Bean
    BatchedAppends eventStorageEngine(
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            ObjectProvider<TracingConfiguration.EventStoreTracing> tracing) {
        EventStorageEngine jdbc = JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .dataType(byte[].class)
                .schema(eventSchema())
                .build();
        var traced = tracing.getIfAvailable();
        return new BatchedAppends(traced == null ? jdbc : traced.wrap(jdbc));
    }

    @Bean
    EmbeddedEventStore eventStore(
            BatchedAppends storageEngine,
            org.axonframework.config.Configuration configuration,
            @Value("${bankcore.event-store.fetch-delay:20ms}") Duration fetchDelay) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(
                        org.axonframework.eventsourcing.eventstore.EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis())
                .build();
    }
}
