package io.bankcore.app.ops;

import io.bankcore.app.config.TokenStoreConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operations: the processor status behind {@code GET /admin/processors} and the {@code eventProcessors}
 * health component, the {@code bankcore} part of {@code /actuator/info}, transfer outcome counters, the
 * per-request log line and the transfer correlation id in the logging context.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** True when events go to Axon Server rather than to this database's event store. */
    static boolean axonServer(Environment environment) {
        return environment.getProperty("axon.axonserver.enabled", Boolean.class, false);
    }

    @Bean
    EventStoreHead eventStoreHead(Environment environment, JdbcTemplate jdbc, EventStore eventStore) {
        return axonServer(environment) ? new EventStoreHead.Streamable(eventStore) : new EventStoreHead.Jdbc(jdbc);
    }

    @Bean
    ProcessorStatus processorStatus(
            EventProcessingConfiguration processing,
            JdbcTemplate jdbc,
            Serializer serializer,
            EventStoreHead eventStoreHead,
            @Value("${bankcore.node-id:}") String nodeId,
            org.springframework.beans.factory.ObjectProvider<ProcessorStatus.Extra> extras) {
        return new ProcessorStatus(
                        processing,
                        jdbc,
                        serializer,
                        eventStoreHead,
                        TokenStoreConfiguration.nodeId(nodeId),
                        Clock.systemUTC())
                .withExtras(() -> extras.orderedStream().toList());
    }

    /** The health component {@code eventProcessors}. */
    @Bean
    ProcessorHealthIndicator eventProcessorsHealthIndicator(
            ProcessorStatus status,
            @Value("${bankcore.health.max-lag-events:10000}") long maxLagEvents,
            @Value("${bankcore.health.max-lag:60s}") Duration maxLag,
            @Value(
                            "${bankcore.health.processors:accounts,transfers,TransferSagaProcessor,PendingTransferSagaProcessor}")
                    String processors) {
        List<String> watched = Arrays.stream(processors.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList();
        return new ProcessorHealthIndicator(
                status, new ProcessorHealthIndicator.Thresholds(maxLagEvents, maxLag, watched));
    }

    /** The health component {@code axonServer}: only where Axon Server is in use. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
    static class AxonServerHealth {

        @Bean
        AxonServerHealthIndicator axonServerHealthIndicator(
                AxonServerConnectionManager connections, AxonServerConfiguration configuration) {
            return new AxonServerHealthIndicator(connections, configuration.getServers());
        }
    }

    /** {@code /actuator/info}: profiles, database, event store and node id (the version comes from build-info). */
    @Bean
    InfoContributor bankcoreInfo(
            Environment environment, DataSource dataSource, @Value("${bankcore.node-id:}") String nodeId) {
        String database = databaseProduct(dataSource);
        boolean axonServer = axonServer(environment);
        String servers = environment.getProperty("axon.axonserver.servers", "");
        return builder -> {
            var store = new LinkedHashMap<String, Object>();
            store.put("database", database);
            store.put("event_store", axonServer ? "axon-server" : "jdbc");
            if (axonServer) {
                store.put("axon_servers", servers);
            }
            var bankcore = new LinkedHashMap<String, Object>();
            bankcore.put("profiles", List.of(environment.getActiveProfiles()));
            bankcore.put("node_id", TokenStoreConfiguration.nodeId(nodeId));
            bankcore.put("store", store);
            builder.withDetail("bankcore", bankcore);
        };
    }

    private static String databaseProduct(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            var meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException unreachable) {
            return "unknown (" + unreachable.getMessage() + ")";
        }
    }

    @Bean
    TransferOutcomeMetrics transferOutcomeMetrics(MeterRegistry registry) {
        return new TransferOutcomeMetrics(registry);
    }

    /**
     * The outcome counters run in the appending unit of work (see {@link TransferOutcomeMetrics}); every
     * event processor handles messages with the transfer's correlation id in the logging context.
     * Static: Axon reads configurer modules while the buses are being built.
     */
    @Bean
    static ConfigurerModule operationsEventProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(TransferOutcomeMetrics.PROCESSING_GROUP)
                .registerDefaultHandlerInterceptor((configuration, name) -> new TransferMdc()));
    }

    @Autowired
    void registerCorrelationInterceptors(CommandBus commandBus, QueryBus queryBus) {
        commandBus.registerHandlerInterceptor(new TransferMdc());
        queryBus.registerHandlerInterceptor(new TransferMdc());
    }

    /**
     * Just inside Spring's observation of the request (at {@code HIGHEST_PRECEDENCE + 1}), so that with
     * traces on the request's line carries its trace and span ids; before every other filter.
     */
    @Bean
    FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
        var registration = new FilterRegistrationBean<>(new RequestLogFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
