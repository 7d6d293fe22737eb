package io.bankcore.command.transfer;

import io.bankcore.api.CompleteTransferCommand;
import io.bankcore.api.FailTransferCommand;
import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferRequestedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The transfer's own record, settled once, as completed or as failed. Its creation, after the checks
 * against both accounts, is {@link TransferRequestHandlerTest}'s.
 */
class TransferAggregateTest {

    static final String TRANSFER_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String FROM = "000111222";
    static final String TO = "000333444";
    static final long AMOUNT_MINOR = 2_500;
    static final String BRL = "BRL";

    private AggregateTestFixture<TransferAggregate> fixture;

    @BeforeEach
    void createFixture() {
        fixture = new AggregateTestFixture<>(TransferAggregate.class);
    }

    static TransferRequestedEvent requested() {
        return new TransferRequestedEvent(TRANSFER_ID, FROM, TO, AMOUNT_MINOR, BRL);
    }

    static TransferCompletedEvent completed() {
        return new TransferCompletedEvent(TRANSFER_ID, FROM, TO, AMOUNT_MINOR, BRL, 7_500, 4_000, 2, 3);
    }

    static TransferFailedEvent failed() {
        return new TransferFailedEvent(
                TRANSFER_ID, FROM, TO, AMOUNT_MINOR, BRL, "INSUFFICIENT_FUNDS", "Insufficient funds.", false, 2, -1);
    }

    @Nested
    class Settling {

        @Test
        void completing_a_pending_transfer_records_it_with_both_balances_and_sequences() {
            fixture.given(requested())
                    .when(new CompleteTransferCommand(TRANSFER_ID, 7_500, 4_000, 2, 3))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(completed());
        }

        @Test
        void failing_a_pending_transfer_records_the_code_reason_and_whether_it_was_refunded() {
            fixture.given(requested())
                    .when(new FailTransferCommand(TRANSFER_ID, "CURRENCY_MISMATCH", "Mismatch.", true, 3, 4))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferFailedEvent(
                            TRANSFER_ID, FROM, TO, AMOUNT_MINOR, BRL, "CURRENCY_MISMATCH", "Mismatch.", true, 3, 4));
        }

        @Test
        void failing_a_pending_transfer_with_nothing_refunded_records_it() {
            fixture.given(requested())
                    .when(new FailTransferCommand(
                            TRANSFER_ID, "INSUFFICIENT_FUNDS", "Insufficient funds.", false, 2, -1))
                    .expectEvents(failed());
        }

        @Test
        void completing_a_completed_transfer_again_changes_nothing() {
            fixture.given(requested(), completed())
                    .when(new CompleteTransferCommand(TRANSFER_ID, 7_500, 4_000, 2, 3))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void completing_a_failed_transfer_changes_nothing() {
            fixture.given(requested(), failed())
                    .when(new CompleteTransferCommand(TRANSFER_ID, 7_500, 4_000, 2, 3))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void failing_a_completed_transfer_changes_nothing() {
            fixture.given(requested(), completed())
                    .when(new FailTransferCommand(TRANSFER_ID, "TIMEOUT", "Too late.", true, 3, -1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void failing_a_failed_transfer_again_changes_nothing() {
            fixture.given(requested(), failed())
                    .when(new FailTransferCommand(
                            TRANSFER_ID, "INSUFFICIENT_FUNDS", "Insufficient funds.", false, 2, -1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_transfer_settled_by_commands_is_settled_only_once() {
            // Applied live rather than replayed, which is another path through the event sourcing handlers.
            fixture.given(requested())
                    .andGivenCommands(new CompleteTransferCommand(TRANSFER_ID, 7_500, 4_000, 2, 3))
                    .when(new FailTransferCommand(TRANSFER_ID, "TIMEOUT", "Too late.", true, 3, -1))
                    .expectNoEvents();
        }
    }
}
