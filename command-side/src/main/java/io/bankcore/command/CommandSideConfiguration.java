package io.bankcore.command;

import io.bankcore.api.Memo;
import io.bankcore.command.port.out.TransferAccounts;
import io.bankcore.command.transfer.AfterCommitStepGateway;
import io.bankcore.command.transfer.BatchedTransfersBypassSaga;
import io.bankcore.command.transfer.InTransactionStepGateway;
import io.bankcore.command.transfer.JdbcTransferLegs;
import io.bankcore.command.transfer.PendingTransferHandler;
import io.bankcore.command.transfer.PendingTransferService;
import io.bankcore.command.transfer.TransferAggregate;
import io.bankcore.command.transfer.TransferBatchHandler;
import io.bankcore.command.transfer.TransferBatchService;
import io.bankcore.command.transfer.TransferCommandService;
import io.bankcore.command.transfer.TransferLegs;
import io.bankcore.command.transfer.TransferRequestHandler;
import io.bankcore.command.transfer.TransferReversalHandler;
import io.bankcore.command.transfer.TransferReversalService;
import io.bankcore.command.transfer.TransferSequencingPolicy;
import io.bankcore.command.transfer.TransferStepGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.Repository;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

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

    /**
     * A write's memo ({@link Memo}) goes from its command to every event it causes and every command a
     * saga sends for those events: both legs of a transfer and its outcome carry the request's memo.
     */
    @Bean
    static CorrelationDataProvider memoCorrelation() {
        return new SimpleCorrelationDataProvider(Memo.DESCRIPTION, Memo.METADATA);
    }

    /** Snapshots bound the events replayed to load an account, so its history length does not matter. */
    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(
            Snapshotter snapshotter, @Value("${bankcore.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Loaded accounts stay cached (the least recently used go beyond the capacity); on a failed append
     * the entry is evicted and reloaded, and an account another instance writes too is reloaded once
     * locked (see AccountLockFactory), so a strongly held copy cannot keep going stale.
     */
    @Bean
    Cache accountCache(@Value("${bankcore.aggregate-cache-size:10000}") int capacity) {
        return new BoundedAggregateCache(capacity);
    }

    /**
     * Retries for commands that lost an append race to another instance. Defaults: 10 attempts, back-off
     * from 5 ms doubling to at most 200 ms, with full jitter.
     */
    @Bean
    Contention contention() {
        return new Contention();
    }

    @Bean
    ConflictRetry conflictRetry(
            @Value("${bankcore.retry.max-attempts:10}") int maxAttempts,
            @Value("${bankcore.retry.initial-backoff:5ms}") Duration initialBackoff,
            @Value("${bankcore.retry.max-backoff:200ms}") Duration maxBackoff,
            ObjectProvider<ConflictRetry.Observer> observer,
            Contention contention) {
        var metrics = observer.getIfAvailable(() -> ConflictRetry.Observer.NONE);
        var observed = new ConflictRetry.Observer() {
            @Override
            public void conflict(String aggregateId, int attempt) {
                contention.conflicted(aggregateId);
                metrics.conflict(aggregateId, attempt);
            }

            @Override
            public void retry(String aggregateId, int attempt) {
                metrics.retry(aggregateId, attempt);
            }

            @Override
            public void exhausted(String aggregateId, int attempts) {
                metrics.exhausted(aggregateId, attempts);
            }
        };
        return new ConflictRetry(
                new ConflictRetry.Policy(maxAttempts, initialBackoff, maxBackoff),
                observed,
                duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos()));
    }

    /**
     * The write pipeline (group commit): every write of the HTTP API goes through it. Defaults measured
     * on a 2-core machine (see the README's performance section); {@code enabled=false} runs each write
     * on its request's thread in a transaction of its own, as the {@code axonserver} profile does.
     */
    @Bean(destroyMethod = "close")
    WritePipeline writePipeline(
            WritePipeline.Settings settings,
            @Value("${bankcore.command-timeout:10s}") Duration timeout,
            PlatformTransactionManager transactions,
            DataSource dataSource,
            JdbcTemplate jdbc,
            AccountLockFactory locks,
            Cache accountCache,
            ConflictRetry retry,
            Contention contention,
            ObjectProvider<WritePipeline.Observer> observer,
            ObjectProvider<WritePipeline.ThreadContext> contexts,
            ObjectProvider<WritePipeline.BatchWrites> writes) {
        return new WritePipeline(
                settings,
                transactions,
                locks,
                accountCache instanceof BoundedAggregateCache bounded ? bounded : null,
                Database.isPostgres(jdbc)
                        ? new PostgresTransactionHealth(dataSource)
                        : WritePipeline.TransactionHealth.NEVER,
                retry,
                contention,
                observer.getIfAvailable(() -> WritePipeline.Observer.NONE),
                timeout,
                contexts.orderedStream().toList(),
                writes.getIfAvailable(() -> WritePipeline.BatchWrites.NONE));
    }

    @Bean
    AccountCommandService accountCommandService(
            CommandGateway commandGateway,
            @Value("${bankcore.command-timeout:10s}") Duration timeout,
            WritePipeline pipeline,
            EventStore eventStore) {
        return new AccountCommandService(
                commandGateway,
                UUID::randomUUID,
                timeout,
                pipeline,
                number -> eventStore.lastSequenceNumberFor(number).isPresent());
    }

    @Bean
    TransferCommandService transferCommandService(
            CommandGateway commandGateway,
            @Value("${bankcore.command-timeout:10s}") Duration timeout,
            WritePipeline pipeline) {
        return new TransferCommandService(commandGateway, UUID::randomUUID, timeout, pipeline);
    }

    /** Lazy repositories: Axon builds them from its configuration, which registers this handler first. */
    @Bean
    TransferRequestHandler transferRequestHandler(
            @Lazy @Qualifier("accountAggregateRepository") Repository<AccountAggregate> accounts,
            @Lazy @Qualifier("transferAggregateRepository") Repository<TransferAggregate> transfers) {
        return new TransferRequestHandler(accounts, transfers);
    }

    @Bean
    PendingTransferHandler pendingTransferHandler(
            @Lazy @Qualifier("accountAggregateRepository") Repository<AccountAggregate> accounts,
            @Lazy @Qualifier("transferAggregateRepository") Repository<TransferAggregate> transfers) {
        return new PendingTransferHandler(accounts, transfers, Clock.systemUTC());
    }

    @Bean
    TransferReversalHandler transferReversalHandler(
            @Lazy @Qualifier("accountAggregateRepository") Repository<AccountAggregate> accounts,
            @Lazy @Qualifier("transferAggregateRepository") Repository<TransferAggregate> transfers) {
        return new TransferReversalHandler(accounts, transfers);
    }

    @Bean
    TransferBatchHandler transferBatchHandler(
            @Lazy @Qualifier("accountAggregateRepository") Repository<AccountAggregate> accounts,
            @Lazy @Qualifier("transferAggregateRepository") Repository<TransferAggregate> transfers) {
        return new TransferBatchHandler(accounts, transfers);
    }

    @Bean
    TransferBatchService transferBatchService(
            CommandGateway commandGateway,
            @Value("${bankcore.command-timeout:10s}") Duration timeout,
            WritePipeline pipeline) {
        return new TransferBatchService(commandGateway, UUID::randomUUID, timeout, pipeline);
    }

    @Bean
    TransferReversalService transferReversalService(
            CommandGateway commandGateway,
            @Value("${bankcore.command-timeout:10s}") Duration timeout,
            WritePipeline pipeline,
            ObjectProvider<TransferAccounts> accounts) {
        return new TransferReversalService(
                commandGateway,
                UUID::randomUUID,
                timeout,
                pipeline,
                accounts.getIfAvailable(() -> TransferAccounts.UNKNOWN));
    }

    @Bean
    PendingTransferService pendingTransferService(
            CommandGateway commandGateway,
            @Value("${bankcore.command-timeout:10s}") Duration timeout,
            WritePipeline pipeline,
            ObjectProvider<TransferAccounts> accounts) {
        return new PendingTransferService(
                commandGateway,
                UUID::randomUUID,
                Clock.systemUTC(),
                timeout,
                pipeline,
                accounts.getIfAvailable(() -> TransferAccounts.UNKNOWN));
    }

    /**
     * How the saga sends its steps. On a subscribing processor (the default) the saga runs in the unit
     * of work that requested the transfer, and so do its steps: one transaction per transfer. On a
     * streaming processor (the {@code axonserver} profile) each step goes out after the saga's
     * transaction commits, in a transaction of its own, retried on a lost append race (closed with the
     * context: Spring infers {@code close()}).
     */
    @Bean
    TransferStepGateway transferStepGateway(
            CommandGateway commandGateway,
            ConflictRetry retry,
            @Value("${axon.eventhandling.processors.TransferSagaProcessor.mode:tracking}") String sagaMode,
            @Value("${bankcore.command-timeout:10s}") Duration timeout,
            @Value("${bankcore.transfer-step-threads:4}") int threads) {
        if (sagaMode.equalsIgnoreCase("subscribing")) {
            return new InTransactionStepGateway(commandGateway, timeout);
        }
        var counter = new AtomicInteger();
        var workers = Executors.newFixedThreadPool(threads, runnable -> {
            var thread = new Thread(runnable, "transfer-step-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new AfterCommitStepGateway(commandGateway, retry, workers, timeout);
    }

    /**
     * All events of one transfer in one segment of the saga's processor (see TransferSequencingPolicy).
     * Static: Axon's configuration reads it while the command bus, which this class also uses, is built.
     */
    @Bean
    static ConfigurerModule transferSagaSequencing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSequencingPolicy("TransferSagaProcessor", configuration -> new TransferSequencingPolicy())
                .registerHandlerInterceptor("TransferSagaProcessor", configuration -> new BatchedTransfersBypassSaga())
                .registerSequencingPolicy(
                        "PendingTransferSagaProcessor", configuration -> new TransferSequencingPolicy()));
    }

    /** Accounts' locks: this JVM's, and on PostgreSQL the database's too (instances share it). */
    @Bean
    AccountLockFactory accountLockFactory(JdbcTemplate jdbc, Cache accountCache, Contention contention) {
        return new AccountLockFactory(jdbc, Database.isPostgres(jdbc), accountCache, contention);
    }

    @Bean
    TransferLegs transferLegs(JdbcTemplate jdbc, ObjectProvider<JdbcTransferLegs.Deferral> deferral) {
        return new JdbcTransferLegs(
                jdbc, Clock.systemUTC(), deferral.getIfAvailable(() -> JdbcTransferLegs.Deferral.NONE));
    }

    @Autowired
    void registerInterceptors(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new DomainErrorTranslator());
        // First of the root's prepare-commit handlers (registered before the command's events exist).
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (WritePipeline.writing()) {
                unitOfWork.root().onPrepareCommit(u -> WritePipeline.committing());
            }
            return chain.proceed();
        });
    }
}
