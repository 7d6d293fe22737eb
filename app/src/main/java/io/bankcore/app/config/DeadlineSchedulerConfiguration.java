package io.bankcore.app.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.bankcore.command.transfer.DeadlineCancellation;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * A db-scheduler instance on the application's database. Its presence makes Axon use the durable
 * {@code DbSchedulerDeadlineManager} (deadlines survive restarts and fire on whichever instance polls
 * first) instead of the in-memory default.
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineSchedulerConfiguration {

    @Bean(destroyMethod = "stop")
    Scheduler deadlineScheduler(
            DataSource dataSource,
            List<Task<?>> tasks,
            @Value("${bankcore.deadlines.polling-interval:1s}") Duration pollingInterval) {
        return Scheduler.create(dataSource, tasks)
                .threads(2)
                .pollingInterval(pollingInterval)
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
