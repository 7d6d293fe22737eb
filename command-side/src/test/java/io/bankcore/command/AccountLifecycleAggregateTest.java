package io.bankcore.command;

import io.bankcore.api.AccountClosedEvent;
import io.bankcore.api.AccountFrozenEvent;
import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountState;
import io.bankcore.api.AccountUnfrozenEvent;
import io.bankcore.api.CloseAccountCommand;
import io.bankcore.api.CreditForTransferCommand;
import io.bankcore.api.DebitForTransferCommand;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.FreezeAccountCommand;
import io.bankcore.api.FundsReservedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.RefundTransferCommand;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;
import io.bankcore.api.UnfreezeAccountCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.command.transfer.InMemoryTransferLegs;
import io.bankcore.domain.AccountClosed;
import io.bankcore.domain.AccountFrozen;
import io.bankcore.domain.AccountNotEmpty;
import io.bankcore.domain.InsufficientFunds;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Freezing, unfreezing and closing through Axon's fixture, and what each state lets through. */
class AccountLifecycleAggregateTest {

    static final String NUMBER = "000123456";
    static final String OTHER = "000654321";
    static final String ACCOUNT_ID = "3f2b8c1e-0d4a-4e8b-9a51-6c2f7d9e1a01";
    static final String TRANSFER_ID = "bb7f7eb8-956a-4c84-a44d-ea4df70a0fd4";

    private AggregateTestFixture<AccountAggregate> fixture;

    @BeforeEach
    void createFixture() {
        fixture = new AggregateTestFixture<>(AccountAggregate.class);
        fixture.registerInjectableResource(new InMemoryTransferLegs());
    }

    static AccountOpenedEvent opened(long balance) {
        return new AccountOpenedEvent(NUMBER, ACCOUNT_ID, "BRL", balance);
    }

    @Test
    void a_freeze_is_recorded_with_its_direction_and_reason() {
        fixture.given(opened(100))
                .when(new FreezeAccountCommand(NUMBER, "DEBITS", "fraud check"))
                .expectEvents(new AccountFrozenEvent(NUMBER, "DEBITS", "fraud check"))
                .expectResultMessagePayload(
                        new AccountState(NUMBER, ACCOUNT_ID, 100, "BRL", 1, 0, "FROZEN", "DEBITS", "fraud check"));
    }

    @Test
    void a_frozen_account_refuses_the_frozen_direction_only() {
        fixture.given(opened(100), new AccountFrozenEvent(NUMBER, "DEBITS", "fraud check"))
                .when(new WithdrawMoneyCommand(NUMBER, 1, "BRL"))
                .expectException(AccountFrozen.class)
                .expectNoEvents();
        fixture.given(opened(100), new AccountFrozenEvent(NUMBER, "DEBITS", "fraud check"))
                .when(new DepositMoneyCommand(NUMBER, 1, "BRL"))
                .expectSuccessfulHandlerExecution();
        fixture.given(opened(100), new AccountFrozenEvent(NUMBER, "CREDITS", "dormant"))
                .when(new DepositMoneyCommand(NUMBER, 1, "BRL"))
                .expectException(AccountFrozen.class);
    }

    @Test
    void transfer_legs_meeting_a_freeze_are_refused_as_events_so_the_saga_can_react() {
        fixture.given(opened(100), new AccountFrozenEvent(NUMBER, "ALL", "court order"))
                .when(new DebitForTransferCommand(NUMBER, TRANSFER_ID, 10, "BRL", OTHER))
                .expectEvents(new TransferDebitRejectedEvent(
                        NUMBER, TRANSFER_ID, "ACCOUNT_FROZEN", "Account " + NUMBER + " is frozen: court order"));
        fixture.given(opened(100), new AccountFrozenEvent(NUMBER, "CREDITS", "dormant"))
                .when(new CreditForTransferCommand(NUMBER, TRANSFER_ID, 10, "BRL", OTHER))
                .expectEvents(new TransferCreditRejectedEvent(
                        NUMBER,
                        TRANSFER_ID,
                        "ACCOUNT_FROZEN",
                        "Account " + NUMBER + " is frozen for credits: dormant"));
    }

    @Test
    void a_refund_reaches_a_frozen_account() {
        fixture.given(
                        opened(100),
                        new TransferDebitedEvent(NUMBER, TRANSFER_ID, 10, "BRL", 90, OTHER),
                        new AccountFrozenEvent(NUMBER, "ALL", "court order"))
                .when(new RefundTransferCommand(NUMBER, TRANSFER_ID, 10, "BRL", OTHER))
                .expectEvents(new TransferRefundedEvent(NUMBER, TRANSFER_ID, 10, "BRL", 100, OTHER));
    }

    @Test
    void unfreezing_records_the_end_of_the_freeze_and_an_active_account_stays_as_it_is() {
        fixture.given(opened(100), new AccountFrozenEvent(NUMBER, "ALL", "review"))
                .when(new UnfreezeAccountCommand(NUMBER))
                .expectEvents(new AccountUnfrozenEvent(NUMBER));
        fixture.given(opened(100))
                .when(new UnfreezeAccountCommand(NUMBER))
                .expectNoEvents()
                .expectResultMessagePayload(new AccountState(NUMBER, ACCOUNT_ID, 100, "BRL", 0));
    }

    @Test
    void closing_needs_a_zero_balance_and_nothing_reserved() {
        fixture.given(opened(1)).when(new CloseAccountCommand(NUMBER)).expectException(AccountNotEmpty.class);
        fixture.given(
                        opened(10),
                        new FundsReservedEvent(NUMBER, TRANSFER_ID, 10, "BRL", 10, OTHER),
                        new MoneyWithdrawnEvent(NUMBER, 0, "BRL", 10))
                .when(new CloseAccountCommand(NUMBER))
                .expectException(AccountNotEmpty.class);
        fixture.given(opened(0))
                .when(new CloseAccountCommand(NUMBER))
                .expectEvents(new AccountClosedEvent(NUMBER))
                .expectResultMessagePayload(new AccountState(NUMBER, ACCOUNT_ID, 0, "BRL", 1, 0, "CLOSED", null, null));
    }

    @Test
    void a_closed_account_takes_no_movement_and_no_other_change() {
        for (Object command : new Object[] {
            new DepositMoneyCommand(NUMBER, 1, "BRL"),
            new WithdrawMoneyCommand(NUMBER, 1, "BRL"),
            new FreezeAccountCommand(NUMBER, "ALL", "late"),
            new UnfreezeAccountCommand(NUMBER),
            new CloseAccountCommand(NUMBER)
        }) {
            fixture.given(opened(0), new AccountClosedEvent(NUMBER))
                    .when(command)
                    .expectException(AccountClosed.class)
                    .expectNoEvents();
        }
    }

    @Test
    void a_reserved_amount_is_not_available_to_a_withdrawal() {
        fixture.given(opened(100), new FundsReservedEvent(NUMBER, TRANSFER_ID, 60, "BRL", 60, OTHER))
                .when(new WithdrawMoneyCommand(NUMBER, 41, "BRL"))
                .expectException(InsufficientFunds.class);
    }
}
