package io.bankcore.command;

import static io.bankcore.command.AccountAggregateTest.ACCOUNT_ID;
import static io.bankcore.command.AccountAggregateTest.BRL;
import static io.bankcore.command.AccountAggregateTest.NUMBER;
import static io.bankcore.command.AccountAggregateTest.opened;
import static io.bankcore.command.AccountAggregateTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.CreditForTransferCommand;
import io.bankcore.api.DebitForTransferCommand;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.RefundTransferCommand;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;
import io.bankcore.command.transfer.InMemoryTransferLegs;
import io.bankcore.command.transfer.TransferLegs.Leg;
import io.bankcore.domain.BalanceOverflow;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An account's side of a transfer: each leg is applied at most once, and a business refusal is an event
 * the saga reacts to, never an exception.
 */
class AccountTransferLegsTest {

    static final String TRANSFER_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String OTHER = "000999888";

    private AggregateTestFixture<AccountAggregate> fixture;
    private InMemoryTransferLegs legs;

    @BeforeEach
    void createFixture() {
        fixture = new AggregateTestFixture<>(AccountAggregate.class);
        legs = new InMemoryTransferLegs();
        fixture.registerInjectableResource(legs);
    }

    static DebitForTransferCommand debit(long amountMinor, String currency) {
        return new DebitForTransferCommand(NUMBER, TRANSFER_ID, amountMinor, currency, OTHER);
    }

    static CreditForTransferCommand credit(long amountMinor, String currency) {
        return new CreditForTransferCommand(NUMBER, TRANSFER_ID, amountMinor, currency, OTHER);
    }

    static RefundTransferCommand refund(long amountMinor) {
        return new RefundTransferCommand(NUMBER, TRANSFER_ID, amountMinor, BRL, OTHER);
    }

    static TransferDebitedEvent debited(long amountMinor, long balanceMinor) {
        return new TransferDebitedEvent(NUMBER, TRANSFER_ID, amountMinor, BRL, balanceMinor, OTHER);
    }

    @Nested
    class Debiting {

        @Test
        void a_debit_records_the_balance_it_leaves_and_claims_the_leg() {
            fixture.given(opened(1_000))
                    .when(debit(400, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(debited(400, 600));
            assertThat(legs.claimant(TRANSFER_ID, Leg.DEBIT)).contains(NUMBER);
        }

        @Test
        void a_debit_of_the_whole_balance_leaves_zero() {
            fixture.given(opened(1_000)).when(debit(1_000, BRL)).expectEvents(debited(1_000, 0));
        }

        @Test
        void a_debit_beyond_the_balance_is_recorded_as_refused_not_thrown() {
            fixture.given(opened(1_000))
                    .when(debit(1_001, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferDebitRejectedEvent(
                            NUMBER,
                            TRANSFER_ID,
                            "INSUFFICIENT_FUNDS",
                            "Insufficient funds: balance is 1000, requested 1001 BRL."));
        }

        @Test
        void a_debit_in_another_currency_is_recorded_as_refused() {
            fixture.given(opened(1_000))
                    .when(debit(100, "USD"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferDebitRejectedEvent(
                            NUMBER,
                            TRANSFER_ID,
                            "CURRENCY_MISMATCH",
                            "Money currency mismatch: expected BRL, got USD."));
        }

        @Test
        void a_debit_of_zero_is_recorded_as_refused() {
            fixture.given(opened(1_000))
                    .when(debit(0, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferDebitRejectedEvent(
                            NUMBER, TRANSFER_ID, "INVALID_AMOUNT", "amount must be greater than 0, got 0"));
        }

        @Test
        void a_debit_delivered_again_changes_nothing() {
            legs.claim(TRANSFER_ID, Leg.DEBIT, NUMBER);

            fixture.given(opened(1_000), debited(400, 600))
                    .when(debit(400, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_refused_debit_stays_refused_when_delivered_again_after_funds_arrived() {
            fixture.givenCommands(new OpenAccountCommand(NUMBER, ACCOUNT_ID, 100, BRL), debit(400, BRL))
                    .andGivenCommands(new DepositMoneyCommand(NUMBER, 1_000, BRL))
                    .when(debit(400, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_debit_on_an_account_never_opened_fails_without_claiming_the_leg() {
            // A claim here would fence off the debit for good, although the account might still appear.
            fixture.givenNoPriorActivity()
                    .when(debit(400, BRL))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
            assertThat(legs.size()).isZero();
        }

        @Test
        void a_debit_of_another_transfer_is_applied_on_its_own() {
            legs.claim(TRANSFER_ID, Leg.DEBIT, NUMBER);
            String otherTransfer = "0b5a8f2e-6c1d-4f3a-9e7b-2d4c6a8e0f13";

            fixture.given(opened(1_000), debited(400, 600))
                    .when(new DebitForTransferCommand(NUMBER, otherTransfer, 100, BRL, OTHER))
                    .expectEvents(new TransferDebitedEvent(NUMBER, otherTransfer, 100, BRL, 500, OTHER));
        }
    }

    @Nested
    class Crediting {

        @Test
        void a_credit_records_the_balance_it_leaves_and_claims_the_leg() {
            fixture.given(opened(1_000))
                    .when(credit(250, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferCreditedEvent(NUMBER, TRANSFER_ID, 250, BRL, 1_250, OTHER));
            assertThat(legs.claimant(TRANSFER_ID, Leg.CREDIT)).contains(NUMBER);
        }

        @Test
        void a_credit_in_another_currency_is_recorded_as_refused_not_thrown() {
            fixture.given(opened(1_000))
                    .when(credit(250, "USD"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferCreditRejectedEvent(
                            NUMBER,
                            TRANSFER_ID,
                            "CURRENCY_MISMATCH",
                            "Money currency mismatch: expected BRL, got USD."));
        }

        @Test
        void a_credit_that_would_overflow_the_balance_is_recorded_as_refused() {
            fixture.given(opened(Long.MAX_VALUE - 10))
                    .when(credit(11, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferCreditRejectedEvent(
                            NUMBER,
                            TRANSFER_ID,
                            "BALANCE_OVERFLOW",
                            "Resulting balance would exceed the largest representable amount (" + Long.MAX_VALUE
                                    + " minor units)."));
        }

        @Test
        void a_credit_fenced_off_by_the_saga_changes_nothing() {
            legs.claim(TRANSFER_ID, Leg.CREDIT, NUMBER);

            fixture.given(opened(1_000))
                    .when(credit(250, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_credit_delivered_again_changes_nothing() {
            fixture.givenCommands(new OpenAccountCommand(NUMBER, ACCOUNT_ID, 1_000, BRL), credit(250, BRL))
                    .when(credit(250, BRL))
                    .expectNoEvents();
        }

        @Test
        void a_credit_does_not_fence_the_debit_of_the_same_transfer() {
            legs.claim(TRANSFER_ID, Leg.CREDIT, OTHER);

            fixture.given(opened(1_000)).when(debit(400, BRL)).expectEvents(debited(400, 600));
        }
    }

    @Nested
    class Refunding {

        @Test
        void a_refund_returns_the_amount_and_records_the_balance_it_leaves() {
            fixture.given(opened(1_000), debited(400, 600))
                    .when(refund(400))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new TransferRefundedEvent(NUMBER, TRANSFER_ID, 400, BRL, 1_000, OTHER));
            assertThat(legs.claimant(TRANSFER_ID, Leg.REFUND)).contains(NUMBER);
        }

        @Test
        void a_refund_delivered_again_changes_nothing() {
            fixture.givenCommands(new OpenAccountCommand(NUMBER, ACCOUNT_ID, 1_000, BRL), debit(400, BRL), refund(400))
                    .when(refund(400))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_refund_that_would_overflow_the_balance_fails_so_that_it_is_tried_again() {
            fixture.given(
                            opened(1_000),
                            debited(400, 600),
                            new MoneyDepositedEvent(NUMBER, Long.MAX_VALUE - 600, BRL, Long.MAX_VALUE))
                    .when(refund(400))
                    .expectException(BalanceOverflow.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Sequences {

        @Test
        void refused_legs_leave_the_balance_but_advance_the_sequence() {
            fixture.given(
                            opened(1_000),
                            new TransferDebitRejectedEvent(NUMBER, TRANSFER_ID, "INSUFFICIENT_FUNDS", "Insufficient."),
                            new TransferCreditRejectedEvent(NUMBER, "other", "CURRENCY_MISMATCH", "Mismatch."))
                    .when(new DepositMoneyCommand(NUMBER, 1, BRL))
                    .expectEvents(new MoneyDepositedEvent(NUMBER, 1, BRL, 1_001))
                    .expectResultMessagePayload(state(1_001, 3));
        }

        @Test
        void refused_legs_applied_live_leave_the_balance_but_advance_the_sequence() {
            fixture.givenCommands(
                            new OpenAccountCommand(NUMBER, ACCOUNT_ID, 100, BRL),
                            debit(400, BRL),
                            new CreditForTransferCommand(NUMBER, "another-transfer", 5, "EUR", OTHER))
                    .when(new DepositMoneyCommand(NUMBER, 1, BRL))
                    .expectEvents(new MoneyDepositedEvent(NUMBER, 1, BRL, 101))
                    .expectResultMessagePayload(state(101, 3));
        }

        @Test
        void applied_legs_set_the_balance_and_advance_the_sequence() {
            fixture.givenCommands(
                            new OpenAccountCommand(NUMBER, ACCOUNT_ID, 1_000, BRL),
                            debit(400, BRL),
                            new CreditForTransferCommand(NUMBER, "another-transfer", 50, BRL, OTHER),
                            refund(400))
                    .when(new DepositMoneyCommand(NUMBER, 1, BRL))
                    .expectEvents(new MoneyDepositedEvent(NUMBER, 1, BRL, 1_051))
                    .expectResultMessagePayload(state(1_051, 4));
        }
    }
}
