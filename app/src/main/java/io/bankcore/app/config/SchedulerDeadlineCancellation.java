package io.bankcore.app.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import io.bankcore.command.transfer.DeadlineCancellation;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels a deadline in the database's scheduler at once, in the caller's transaction (the scheduler
 * writes through it, see DeadlineSchedulerConfiguration): the deletion commits or rolls back with the
 * events that ended the saga, on the same connection. A deadline already running (it is firing now)
 * or already gone is left alone: its saga has ended, so it will find nothing to do. The scheduler
 * checks before it deletes, so a refusal is no failed statement, and the transaction goes on.
 */
class SchedulerDeadlineCancellation implements DeadlineCancellation {

    private static final Logger log = LoggerFactory.getLogger(SchedulerDeadlineCancellation.class);

    private final Scheduler scheduler;

    SchedulerDeadlineCancellation(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void cancel(String deadlineName, String scheduleId) {
        try {
            scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
        } catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException firingOrGone) {
            log.debug("deadline {} ({}) not cancelled: {}", deadlineName, scheduleId, firingOrGone.getMessage());
        } catch (RuntimeException raced) {
            // Picked by an instance between the scheduler's check and its deletion: it fires into an ended saga.
            log.info(
                    "deadline {} ({}) not cancelled ({}); it will fire into an ended saga",
                    deadlineName,
                    scheduleId,
                    raced.toString());
        }
    }
}
