package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferBatchRefusedTest {

    @Test
    void the_first_refused_transfer_is_the_batch_s_failure_and_every_result_is_kept_in_order() {
        var missing = new AccountNotFound("000009");
        var same = new SameAccountTransfer("Cannot transfer to the same account.");
        var refused = new TransferBatchRefused(Arrays.asList(null, missing, null, same));

        assertThat(refused.code()).isEqualTo(ErrorCode.BATCH_REFUSED);
        assertThat(refused.failedIndex()).isEqualTo(1);
        assertThat(refused.first()).isSameAs(missing);
        assertThat(refused.results()).containsExactly(null, missing, null, same);
        assertThat(refused.detail())
                .startsWith("Transfer 1 of the batch was refused (ACCOUNT_NOT_FOUND: ")
                .endsWith("no transfer of the batch was applied.");
    }

    @Test
    void a_batch_without_a_refused_transfer_cannot_be_refused() {
        assertThatThrownBy(() -> new TransferBatchRefused(Arrays.asList(null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferBatchRefused(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
