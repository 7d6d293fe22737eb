package io.bankcore.command;

import io.bankcore.command.transfer.JdbcTransferLegs;
import io.bankcore.command.transfer.TransferCommandService;
import io.bankcore.command.transfer.TransferLegs;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the write side. Beans are declared here explicitly; only Axon aggregates and sagas are found by
 * scanning (Axon's Spring support needs them as prototype bean definitions), and nothing in the domain is.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        basePackageClasses = AccountAggregate.class,
        useDefaultFilters = false,
        includeFilters = {@ComponentScan.Filter(Aggregate.class), @ComponentScan.Filter(Saga.class)})
public class CommandSideConfiguration {

    /** Snapshots bound the events replayed to load an account, so its history length does not matter. */
    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(
            Snapshotter snapshotter, @Value("${bankcore.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** Loaded aggregates stay cached while in use; on a failed append the entry is evicted and reloaded. */
    @Bean
    Cache accountCache() {
        return new WeakReferenceCache();
    }

    @Bean
    AccountCommandService accountCommandService(
            CommandGateway commandGateway, @Value("${bankcore.command-timeout:10s}") Duration timeout) {
        return new AccountCommandService(commandGateway, UUID::randomUUID, timeout);
    }

    @Bean
    TransferCommandService transferCommandService(
            CommandGateway commandGateway, @Value("${bankcore.command-timeout:10s}") Duration timeout) {
        return new TransferCommandService(commandGateway, UUID::randomUUID, timeout);
    }

    @Bean
    TransferLegs transferLegs(JdbcTemplate jdbc) {
        return new JdbcTransferLegs(jdbc, Clock.systemUTC());
    }

    @Autowired
    void registerInterceptors(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new DomainErrorTranslator());
    }
}
