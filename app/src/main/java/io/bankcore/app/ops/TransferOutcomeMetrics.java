package io.bankcore.app.ops;

import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferFailedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts transfer outcomes: {@code bankcore.transfers.completed} and {@code bankcore.transfers.failed}
 * (tag {@code code}: the failure code, such as {@code INSUFFICIENT_FUNDS}).
 *
 * <p>Counted once across all instances: this handler is on a <em>subscribing</em> processor
 * ({@value #PROCESSING_GROUP}), which only sees the events appended in its own JVM, in the appending
 * unit of work; a transfer's outcome event is appended exactly once (the transfer aggregate completes or
 * fails once), and the counter moves only after that append committed. So each instance counts the
 * outcomes it appended, and the sum of a counter over all instances is the number of transfers. A
 * tracking processor would count on whichever instance holds the segment, but would count again on
 * every replay or retried batch. Counters start at zero with each process, as Prometheus counters do.
 */
@ProcessingGroup(TransferOutcomeMetrics.PROCESSING_GROUP)
public class TransferOutcomeMetrics {

    public static final String PROCESSING_GROUP = "transfer-outcome-metrics";

    private final MeterRegistry registry;
    private final Counter completed;

    public TransferOutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.completed = Counter.builder("bankcore.transfers.completed")
                .description("transfers that completed (counted by the instance that appended the outcome)")
                .register(registry);
    }

    @EventHandler
    void on(TransferCompletedEvent event) {
        afterCommit(completed::increment);
    }

    @EventHandler
    void on(TransferFailedEvent event) {
        Counter failed = Counter.builder("bankcore.transfers.failed")
                .description(
                        "transfers that failed, by failure code (counted by the instance that appended the outcome)")
                .tag("code", event.code() == null ? "UNKNOWN" : event.code())
                .register(registry);
        afterCommit(failed::increment);
    }

    /** Once the database transaction commits (a write pipeline's batch holds many units of work). */
    private static void afterCommit(Runnable count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> count.run());
        } else {
            count.run();
        }
    }
}
