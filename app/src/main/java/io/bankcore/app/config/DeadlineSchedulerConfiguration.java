package io.bankcore.app.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import io.bankcore.command.WritePipeline;
import io.bankcore.command.transfer.DeadlineCancellation;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * A db-scheduler instance on the application's database. Its presence makes Axon use the durable
 * {@code DbSchedulerDeadlineManager} (deadlines survive restarts and fire on whichever instance polls
 * first) instead of the in-memory default.
 *
 * <p>It writes through the transaction of the unit of work that schedules a deadline (Axon schedules at
 * prepare-commit), so a deadline commits or rolls back with the events that asked for it, and a unit
 * of work never holds a second connection while its first waits: with one per reservation, a burst of
 * reservations would otherwise exhaust the pool. A failed deadline runs again after
 * {@code bankcore.deadlines.retry-first} (1 s), doubling up to {@code retry-max} (5 min); one whose
 * instance died while running it runs again elsewhere once that instance has missed four heartbeats
 * ({@code bankcore.deadlines.heartbeat}, 5 s).
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineSchedulerConfiguration {

    @Bean(destroyMethod = "stop")
    Scheduler deadlineScheduler(
            DataSource dataSource,
            List<Task<?>> tasks,
            @Value("${bankcore.deadlines.polling-interval:1s}") Duration pollingInterval,
            @Value("${bankcore.deadlines.retry-first:1s}") Duration retryFirst,
            @Value("${bankcore.deadlines.retry-max:5m}") Duration retryMax,
            @Value("${bankcore.deadlines.heartbeat:5s}") Duration heartbeat,
            @Value("${bankcore.node-id:}") String nodeId,
            WritePipeline pipeline) {
        List<Task<?>> retrying = tasks.stream()
                .<Task<?>>map(task -> new RetryingDeadlineTask<>(task, retryFirst, retryMax, pipeline))
                .toList();
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), retrying)
                .threads(2)
                .pollingInterval(pollingInterval)
                // Each instance by its own name; one killed while running a deadline is found dead after
                // four missed heartbeats (20 s at 5 s), and its deadline runs again elsewhere.
                .schedulerName(new SchedulerName.Fixed(TokenStoreConfiguration.nodeId(nodeId)))
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(4)
                .build();
    }

    /** How sagas cancel a deadline without failing the unit of work that ended them. */
    @Bean
    DeadlineCancellation deadlineCancellation(Scheduler deadlineScheduler) {
        return new SchedulerDeadlineCancellation(deadlineScheduler);
    }

    /** Started once the application is ready, so no deadline fires into a half-built context. */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(Scheduler.class).start();
    }
}
