package io.bankcore.app.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import io.bankcore.command.transfer.DeadlineCancellation;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels a deadline in the database's scheduler after the commit: a deadline already running (it
 * is firing now) or already gone is left alone, as its saga has ended and it will find nothing to do.
 */
class SchedulerDeadlineCancellation implements DeadlineCancellation {

    private static final Logger log = LoggerFactory.getLogger(SchedulerDeadlineCancellation.class);

    private final Scheduler scheduler;

    SchedulerDeadlineCancellation(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void cancelAfterCommit(String deadlineName, String scheduleId) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> cancel(deadlineName, scheduleId));
        } else {
            cancel(deadlineName, scheduleId);
        }
    }

    private void cancel(String deadlineName, String scheduleId) {
        try {
            scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
        } catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException firingOrGone) {
            log.debug("deadline {} ({}) not cancelled: {}", deadlineName, scheduleId, firingOrGone.getMessage());
        } catch (RuntimeException failed) {
            // Committed already: a deadline left behind fires later into an ended saga, harmlessly.
            log.warn(
                    "deadline {} ({}) could not be cancelled; it will fire into an ended saga",
                    deadlineName,
                    scheduleId,
                    failed);
        }
    }
}
