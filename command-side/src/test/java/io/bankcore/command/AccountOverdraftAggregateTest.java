package io.bankcore.command;

import io.bankcore.api.AccountClosedEvent;
import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountOverdraftLimitChangedEvent;
import io.bankcore.api.AccountState;
import io.bankcore.api.ChangeOverdraftLimitCommand;
import io.bankcore.api.DebitForTransferCommand;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.command.transfer.InMemoryTransferLegs;
import io.bankcore.domain.AccountClosed;
import io.bankcore.domain.InsufficientFunds;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Overdraft limits through Axon's fixture: opening with one, changing it, and what it lets a debit take. */
class AccountOverdraftAggregateTest {

    static final String NUMBER = "000123456";
    static final String OTHER = "000654321";
    static final String ACCOUNT_ID = "3f2b8c1e-0d4a-4e8b-9a51-6c2f7d9e1a01";
    static final String TRANSFER_ID = "bb7f7eb8-956a-4c84-a44d-ea4df70a0fd4";
    static final String OTHER_TRANSFER_ID = "5d1c2a7e-3b9f-4c6d-8e0a-1f2b3c4d5e6f";

    private AggregateTestFixture<AccountAggregate> fixture;

    @BeforeEach
    void createFixture() {
        fixture = new AggregateTestFixture<>(AccountAggregate.class);
        fixture.registerInjectableResource(new InMemoryTransferLegs());
    }

    private static AccountOpenedEvent opened(long balance, long limit) {
        return new AccountOpenedEvent(NUMBER, ACCOUNT_ID, "BRL", balance, limit);
    }

    private static AccountState state(long balance, long sequence, long limit) {
        return new AccountState(NUMBER, ACCOUNT_ID, balance, "BRL", sequence, 0, "ACTIVE", null, null, limit);
    }

    @Test
    void an_account_opened_with_a_limit_says_so_in_its_event() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccountCommand(NUMBER, ACCOUNT_ID, 100, "BRL", 5_000))
                .expectEvents(opened(100, 5_000));
    }

    @Test
    void a_withdrawal_may_take_the_balance_below_zero_down_to_minus_the_limit() {
        fixture.given(opened(100, 500))
                .when(new WithdrawMoneyCommand(NUMBER, 600, "BRL"))
                .expectEvents(new MoneyWithdrawnEvent(NUMBER, 600, "BRL", -500))
                .expectResultMessagePayload(state(-500, 1, 500));
        fixture.given(opened(100, 500))
                .when(new WithdrawMoneyCommand(NUMBER, 601, "BRL"))
                .expectException(InsufficientFunds.class)
                .expectExceptionMessage("Insufficient funds: available balance is 600 (balance 100, overdraft limit"
                        + " 500, 0 reserved), requested 601 BRL.")
                .expectNoEvents();
    }

    @Test
    void a_transfer_debit_counts_the_limit() {
        fixture.given(opened(0, 300))
                .when(new DebitForTransferCommand(NUMBER, TRANSFER_ID, 300, "BRL", OTHER))
                .expectEvents(new TransferDebitedEvent(NUMBER, TRANSFER_ID, 300, "BRL", -300, OTHER));
        fixture.given(opened(0, 300))
                .when(new DebitForTransferCommand(NUMBER, OTHER_TRANSFER_ID, 301, "BRL", OTHER))
                .expectEvents(new TransferDebitRejectedEvent(
                        NUMBER,
                        OTHER_TRANSFER_ID,
                        "INSUFFICIENT_FUNDS",
                        "Insufficient funds: available balance is 300 (balance 0, overdraft limit 300, 0 reserved),"
                                + " requested 301 BRL."));
    }

    @Test
    void changing_the_limit_is_an_event_and_the_same_limit_again_is_none() {
        fixture.given(opened(0, 0))
                .when(new ChangeOverdraftLimitCommand(NUMBER, 2_000))
                .expectEvents(new AccountOverdraftLimitChangedEvent(NUMBER, 2_000, 0, "BRL"))
                .expectResultMessagePayload(state(0, 1, 2_000));
        fixture.given(opened(0, 0), new AccountOverdraftLimitChangedEvent(NUMBER, 2_000, 0, "BRL"))
                .when(new ChangeOverdraftLimitCommand(NUMBER, 2_000))
                .expectNoEvents()
                .expectResultMessagePayload(state(0, 1, 2_000));
    }

    @Test
    void a_limit_lowered_under_use_is_kept_and_stops_further_debits() {
        fixture.given(opened(0, 1_000), new MoneyWithdrawnEvent(NUMBER, 800, "BRL", -800))
                .when(new ChangeOverdraftLimitCommand(NUMBER, 100))
                .expectEvents(new AccountOverdraftLimitChangedEvent(NUMBER, 100, 1_000, "BRL"))
                .expectResultMessagePayload(state(-800, 2, 100));
        fixture.given(
                        opened(0, 1_000),
                        new MoneyWithdrawnEvent(NUMBER, 800, "BRL", -800),
                        new AccountOverdraftLimitChangedEvent(NUMBER, 100, 1_000, "BRL"))
                .when(new WithdrawMoneyCommand(NUMBER, 1, "BRL"))
                .expectException(InsufficientFunds.class)
                .expectNoEvents();
    }

    @Test
    void a_closed_account_refuses_a_new_limit() {
        fixture.given(opened(0, 0), new AccountClosedEvent(NUMBER))
                .when(new ChangeOverdraftLimitCommand(NUMBER, 1))
                .expectException(AccountClosed.class)
                .expectNoEvents();
    }
}
