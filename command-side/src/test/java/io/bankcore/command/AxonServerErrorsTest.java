package io.bankcore.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.domain.AccountAlreadyExists;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Axon Server's refusals in the shape a command's sender receives them (constructed here: CI has no
 * Axon Server): a CommandExecutionException whose message carries the store's AXONIQ-2000 refusal.
 */
class AxonServerErrorsTest {

    static CommandExecutionException refused(long sequence) {
        return new CommandExecutionException(
                "OUT_OF_RANGE: [AXONIQ-2000] Invalid sequence number " + sequence + " for aggregate 000001, expected "
                        + (sequence + 1),
                new IllegalStateException("AXONIQ-4002"));
    }

    @Test
    void a_refused_sequence_zero_means_the_account_exists() {
        assertThat(AccountCommandService.creationFailed("000001", refused(0))).isInstanceOf(AccountAlreadyExists.class);
    }

    @Test
    void a_refused_later_sequence_is_a_conflict_to_retry() {
        assertThat(ConflictRetry.isConflict(refused(7))).isTrue();
        assertThat(AccountCommandService.creationFailed("000001", refused(7)))
                .isNotInstanceOf(AccountAlreadyExists.class);
    }

    @Test
    void other_failures_are_neither() {
        var other = new CommandExecutionException("OUT_OF_RANGE: [AXONIQ-2001] something else", null);
        assertThat(ConflictRetry.isConflict(other)).isFalse();
        assertThat(AxonServerErrors.sequenceTaken(other)).isEqualTo(-1);
        assertThat(AxonServerErrors.sequenceTaken(new IllegalStateException((String) null)))
                .isEqualTo(-1);
    }
}
