package io.bankcore.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.bankcore.command.ConflictRetry;
import io.bankcore.command.WritePipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryingDeadlineTaskTest {

    private static final WritePipeline INLINE = WritePipeline.inline(new ConflictRetry(
            new ConflictRetry.Policy(1, Duration.ZERO, Duration.ZERO), ConflictRetry.Observer.NONE, d -> {}));

    private final OneTimeTask<Void> task = Tasks.oneTime("deadline", Void.class).execute((instance, context) -> {});

    @Test
    void a_failed_deadline_runs_again_soon_then_less_often_up_to_a_bound() {
        var retrying = new RetryingDeadlineTask<>(task, Duration.ofSeconds(1), Duration.ofMinutes(5), INLINE);

        assertThat(retrying.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retrying.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retrying.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(retrying.delayAfter(9)).isEqualTo(Duration.ofMinutes(4).plusSeconds(16));
        assertThat(retrying.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(retrying.delayAfter(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everything_but_the_failure_handling_is_the_task_s_own() {
        var retrying = new RetryingDeadlineTask<>(task, Duration.ofSeconds(1), Duration.ofMinutes(5), INLINE);

        assertThat(retrying.getName()).isEqualTo("deadline");
        assertThat(retrying.getDataClass()).isEqualTo(Void.class);
        assertThat(retrying.getFailureHandler()).isSameAs(retrying);
        assertThat(retrying.getDeadExecutionHandler()).isSameAs(task.getDeadExecutionHandler());
        assertThat(retrying.instance("x").getTaskName()).isEqualTo("deadline");
    }
}
