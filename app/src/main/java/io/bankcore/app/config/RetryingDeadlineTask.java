package io.bankcore.app.config;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.bankcore.command.WritePipeline;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline task that, when its run fails, runs again soon rather than the scheduler's default five
 * minutes later: after {@code first}, doubling up to {@code max}, for as long as it fails. A failed
 * deadline is most often one that lost a race (another instance changed the same account, or a copy
 * it loaded was stale; the failure dropped that copy), so the next run decides on fresh state. A
 * reservation's expiry must not wait minutes for it.
 */
final class RetryingDeadlineTask<T> implements Task<T>, FailureHandler<T> {

    private static final Logger log = LoggerFactory.getLogger(RetryingDeadlineTask.class);

    private final Task<T> task;
    private final Duration first;
    private final Duration max;
    private final WritePipeline pipeline;

    RetryingDeadlineTask(Task<T> task, Duration first, Duration max, WritePipeline pipeline) {
        this.task = task;
        this.first = first;
        this.max = max;
        this.pipeline = pipeline;
    }

    /** The delay before the run after {@code failures} consecutive failed ones (the first failure: 1). */
    Duration delayAfter(int failures) {
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        int failures = complete.getExecution().consecutiveFailures + 1;
        Duration delay = delayAfter(failures);
        log.warn(
                "deadline {} failed ({} in a row), runs again in {} ms: {}",
                complete.getExecution().taskInstance.getId(),
                failures,
                delay.toMillis(),
                complete.getCause().map(Throwable::toString).orElse("no cause"));
        operations.reschedule(complete, complete.getTimeDone().plus(delay));
    }

    @Override
    public FailureHandler<T> getFailureHandler() {
        return this;
    }

    /**
     * Runs the deadline (an expiry, a saga's step) in a batch of the write pipeline, like every other
     * write: its commands take the accounts' locks on the writer, in the batch's transaction.
     */
    @Override
    public CompletionHandler<T> execute(TaskInstance<T> instance, ExecutionContext context) {
        return pipeline.execute(List.of(), () -> task.execute(instance, context));
    }

    @Override
    public String getName() {
        return task.getName();
    }

    @Override
    public Class<T> getDataClass() {
        return task.getDataClass();
    }

    @Override
    public TaskInstance<T> instance(String id) {
        return task.instance(id);
    }

    @Override
    public TaskInstance<T> instance(String id, T data) {
        return task.instance(id, data);
    }

    @Override
    public TaskInstance.Builder<T> instanceBuilder(String id) {
        return task.instanceBuilder(id);
    }

    @Override
    public SchedulableInstance<T> schedulableInstance(String id) {
        return task.schedulableInstance(id);
    }

    @Override
    public SchedulableInstance<T> schedulableInstance(String id, T data) {
        return task.schedulableInstance(id, data);
    }

    @Override
    public DeadExecutionHandler<T> getDeadExecutionHandler() {
        return task.getDeadExecutionHandler();
    }

    @Override
    public int getDefaultPriority() {
        return task.getDefaultPriority();
    }
}
