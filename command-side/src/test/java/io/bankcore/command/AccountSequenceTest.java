package io.bankcore.command;

import static io.bankcore.command.AccountAggregateTest.ACCOUNT_ID;
import static io.bankcore.command.AccountAggregateTest.BRL;
import static io.bankcore.command.AccountAggregateTest.NUMBER;
import static io.bankcore.command.AccountAggregateTest.opened;
import static io.bankcore.command.AccountAggregateTest.state;

import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code lastSequence} in a command's reply is what callers wait for on the read side, so it must be
 * the sequence number of the event the command just wrote: the opening is 0, the n-th event after it n.
 */
class AccountSequenceTest {

    private static final long OPENING_BALANCE_MINOR = 1_000;

    private AggregateTestFixture<AccountAggregate> fixture;

    @BeforeEach
    void createFixture() {
        fixture = new AggregateTestFixture<>(AccountAggregate.class);
    }

    /**
     * The opening and then {@code count - 1} alternating deposits and withdrawals of varying size, each
     * carrying the balance it leaves.
     */
    private static List<Object> history(int count) {
        List<Object> events = new ArrayList<>();
        events.add(opened(OPENING_BALANCE_MINOR));
        long balanceMinor = OPENING_BALANCE_MINOR;
        for (int i = 1; i < count; i++) {
            long amountMinor = 1 + i % 7;
            if (i % 2 == 1) {
                balanceMinor += amountMinor;
                events.add(new MoneyDepositedEvent(NUMBER, amountMinor, BRL, balanceMinor));
            } else {
                balanceMinor -= amountMinor;
                events.add(new MoneyWithdrawnEvent(NUMBER, amountMinor, BRL, balanceMinor));
            }
        }
        return events;
    }

    private static long balanceAfter(List<Object> events) {
        Object last = events.get(events.size() - 1);
        if (last instanceof MoneyDepositedEvent deposited) {
            return deposited.balanceMinor();
        }
        if (last instanceof MoneyWithdrawnEvent withdrawn) {
            return withdrawn.balanceMinor();
        }
        return OPENING_BALANCE_MINOR;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 101, 250})
    void after_n_events_a_deposit_answers_with_sequence_n(int count) {
        var history = history(count);
        long balanceMinor = balanceAfter(history) + 5;

        fixture.given(history)
                .when(new DepositMoneyCommand(NUMBER, 5, BRL))
                .expectEvents(new MoneyDepositedEvent(NUMBER, 5, BRL, balanceMinor))
                .expectResultMessagePayload(state(balanceMinor, count));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 101, 250})
    void after_n_events_a_withdrawal_answers_with_sequence_n(int count) {
        var history = history(count);
        long balanceMinor = balanceAfter(history) - 5;

        fixture.given(history)
                .when(new WithdrawMoneyCommand(NUMBER, 5, BRL))
                .expectEvents(new MoneyWithdrawnEvent(NUMBER, 5, BRL, balanceMinor))
                .expectResultMessagePayload(state(balanceMinor, count));
    }

    @Test
    void sequences_continue_from_an_account_opened_and_changed_by_commands() {
        // Here the opening event is applied live, not replayed, which takes a different path in Axon.
        fixture.givenCommands(
                        new OpenAccountCommand(NUMBER, ACCOUNT_ID, 100, BRL),
                        new DepositMoneyCommand(NUMBER, 20, BRL),
                        new WithdrawMoneyCommand(NUMBER, 30, BRL))
                .when(new DepositMoneyCommand(NUMBER, 1, BRL))
                .expectEvents(new MoneyDepositedEvent(NUMBER, 1, BRL, 91))
                .expectResultMessagePayload(state(91, 3));
    }

    @Test
    void sequences_continue_across_given_events_and_given_commands() {
        fixture.given(opened(100))
                .andGivenCommands(new WithdrawMoneyCommand(NUMBER, 40, BRL))
                .when(new DepositMoneyCommand(NUMBER, 1, BRL))
                .expectResultMessagePayload(state(61, 2));
    }
}
