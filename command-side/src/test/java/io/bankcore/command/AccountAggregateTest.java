package io.bankcore.command;

import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountState;
import io.bankcore.api.DepositMoneyCommand;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.OpenAccountCommand;
import io.bankcore.api.WithdrawMoneyCommand;
import io.bankcore.domain.BalanceOverflow;
import io.bankcore.domain.CurrencyMismatch;
import io.bankcore.domain.InsufficientFunds;
import io.bankcore.domain.InvalidAccountNumber;
import io.bankcore.domain.InvalidCurrency;
import io.bankcore.domain.InvalidMoney;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The aggregate through Axon's fixture. Besides the expectations written here, the fixture rebuilds the
 * aggregate from the given and published events after every command and compares it field by field
 * with the working copy, so an event sourcing handler that forgets a field fails these tests too.
 */
class AccountAggregateTest {

    static final String NUMBER = "000123456";
    static final String ACCOUNT_ID = "3f2b8c1e-0d4a-4e8b-9a51-6c2f7d9e1a01";
    static final String BRL = "BRL";

    private AggregateTestFixture<AccountAggregate> fixture;

    @BeforeEach
    void createFixture() {
        fixture = new AggregateTestFixture<>(AccountAggregate.class);
    }

    static AccountOpenedEvent opened(long initialBalanceMinor) {
        return new AccountOpenedEvent(NUMBER, ACCOUNT_ID, BRL, initialBalanceMinor);
    }

    static AccountState state(long balanceMinor, long lastSequence) {
        return new AccountState(NUMBER, ACCOUNT_ID, balanceMinor, BRL, lastSequence);
    }

    @Nested
    class Opening {

        @Test
        void opening_with_zero_initial_balance_records_the_opening() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(NUMBER, ACCOUNT_ID, 0, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened(0));
        }

        @Test
        void opening_with_a_positive_initial_balance_records_it_in_the_opening() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(NUMBER, ACCOUNT_ID, 15_000, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened(15_000));
        }

        @Test
        void opening_accepts_the_largest_representable_initial_balance() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(NUMBER, ACCOUNT_ID, Long.MAX_VALUE, "USD"))
                    .expectEvents(new AccountOpenedEvent(NUMBER, ACCOUNT_ID, "USD", Long.MAX_VALUE));
        }

        @Test
        void opening_records_the_account_number_without_surrounding_whitespace() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(" \t" + NUMBER + " ", ACCOUNT_ID, 0, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened(0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"XYZ", "brl", "BR", "BRLL", "", "R$ "})
        void opening_in_a_currency_that_is_not_iso_4217_is_rejected(String currency) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(NUMBER, ACCOUNT_ID, 0, currency))
                    .expectException(InvalidCurrency.class)
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(longs = {-1, Long.MIN_VALUE})
        void opening_with_a_negative_initial_balance_is_rejected(long initialBalanceMinor) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(NUMBER, ACCOUNT_ID, initialBalanceMinor, BRL))
                    .expectException(InvalidMoney.class)
                    .expectExceptionMessage("amount must not be negative, got " + initialBalanceMinor)
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "12345", // one digit short
                    "1234567890123", // one digit too many
                    "12345a",
                    "123-456",
                    "123 456",
                    "\u0661\u0662\u0663\u0664\u0665\u0666", // Arabic-Indic digits: digits, but not ASCII
                    "",
                    "   "
                })
        void opening_under_an_invalid_account_number_is_rejected(String accountNumber) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(accountNumber, ACCOUNT_ID, 0, BRL))
                    .expectException(InvalidAccountNumber.class)
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"000000", "999999999999"})
        void opening_accepts_account_numbers_of_six_to_twelve_digits(String accountNumber) {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccountCommand(accountNumber, ACCOUNT_ID, 0, BRL))
                    .expectEvents(new AccountOpenedEvent(accountNumber, ACCOUNT_ID, BRL, 0));
        }
    }

    @Nested
    class Depositing {

        @Test
        void deposit_records_the_resulting_balance_and_answers_with_the_new_state() {
            fixture.given(opened(1_000))
                    .when(new DepositMoneyCommand(NUMBER, 250, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MoneyDepositedEvent(NUMBER, 250, BRL, 1_250))
                    .expectResultMessagePayload(state(1_250, 1));
        }

        @Test
        void deposit_builds_on_the_balance_left_by_earlier_withdrawals() {
            fixture.given(opened(1_000), new MoneyWithdrawnEvent(NUMBER, 300, BRL, 700))
                    .when(new DepositMoneyCommand(NUMBER, 50, BRL))
                    .expectEvents(new MoneyDepositedEvent(NUMBER, 50, BRL, 750))
                    .expectResultMessagePayload(state(750, 2));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void deposit_of_zero_or_a_negative_amount_is_rejected(long amountMinor) {
            fixture.given(opened(1_000))
                    .when(new DepositMoneyCommand(NUMBER, amountMinor, BRL))
                    .expectException(InvalidMoney.class)
                    .expectExceptionMessage("amount must be greater than 0, got " + amountMinor)
                    .expectNoEvents();
        }

        @Test
        void deposit_in_another_currency_is_rejected() {
            fixture.given(opened(1_000))
                    .when(new DepositMoneyCommand(NUMBER, 250, "USD"))
                    .expectException(CurrencyMismatch.class)
                    .expectExceptionMessage("Money currency mismatch: expected BRL, got USD.")
                    .expectNoEvents();
        }

        @Test
        void deposit_in_a_currency_that_is_not_iso_4217_is_rejected_as_invalid_rather_than_as_a_mismatch() {
            fixture.given(opened(1_000))
                    .when(new DepositMoneyCommand(NUMBER, 250, "brl"))
                    .expectException(InvalidCurrency.class)
                    .expectNoEvents();
        }

        @Test
        void deposit_that_would_overflow_the_balance_is_rejected() {
            fixture.given(opened(Long.MAX_VALUE - 10))
                    .when(new DepositMoneyCommand(NUMBER, 11, BRL))
                    .expectException(BalanceOverflow.class)
                    .expectNoEvents();
        }

        @Test
        void deposit_of_the_largest_amount_onto_a_nonzero_balance_is_rejected() {
            fixture.given(opened(1))
                    .when(new DepositMoneyCommand(NUMBER, Long.MAX_VALUE, BRL))
                    .expectException(BalanceOverflow.class)
                    .expectNoEvents();
        }

        @Test
        void deposit_reaching_exactly_the_largest_representable_balance_is_accepted() {
            fixture.given(opened(Long.MAX_VALUE - 10))
                    .when(new DepositMoneyCommand(NUMBER, 10, BRL))
                    .expectEvents(new MoneyDepositedEvent(NUMBER, 10, BRL, Long.MAX_VALUE))
                    .expectResultMessagePayload(state(Long.MAX_VALUE, 1));
        }

        @Test
        void deposit_to_an_account_that_was_never_opened_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(new DepositMoneyCommand(NUMBER, 250, BRL))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Withdrawing {

        @Test
        void withdrawal_records_the_resulting_balance_and_answers_with_the_new_state() {
            fixture.given(opened(1_000))
                    .when(new WithdrawMoneyCommand(NUMBER, 400, BRL))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MoneyWithdrawnEvent(NUMBER, 400, BRL, 600))
                    .expectResultMessagePayload(state(600, 1));
        }

        @Test
        void withdrawal_builds_on_the_balance_left_by_earlier_deposits() {
            fixture.given(opened(0), new MoneyDepositedEvent(NUMBER, 500, BRL, 500))
                    .when(new WithdrawMoneyCommand(NUMBER, 200, BRL))
                    .expectEvents(new MoneyWithdrawnEvent(NUMBER, 200, BRL, 300))
                    .expectResultMessagePayload(state(300, 2));
        }

        @Test
        void withdrawal_of_the_exact_balance_leaves_zero() {
            fixture.given(opened(1_000))
                    .when(new WithdrawMoneyCommand(NUMBER, 1_000, BRL))
                    .expectEvents(new MoneyWithdrawnEvent(NUMBER, 1_000, BRL, 0))
                    .expectResultMessagePayload(state(0, 1));
        }

        @Test
        void withdrawal_beyond_balance_is_rejected() {
            fixture.given(opened(1_000))
                    .when(new WithdrawMoneyCommand(NUMBER, 1_001, BRL))
                    .expectException(InsufficientFunds.class)
                    .expectExceptionMessage("Insufficient funds: balance is 1000, requested 1001 BRL.")
                    .expectNoEvents();
        }

        @Test
        void withdrawal_from_an_empty_account_is_rejected() {
            fixture.given(opened(0))
                    .when(new WithdrawMoneyCommand(NUMBER, 1, BRL))
                    .expectException(InsufficientFunds.class)
                    .expectNoEvents();
        }

        @Test
        void withdrawal_beyond_a_balance_emptied_by_an_earlier_withdrawal_is_rejected() {
            fixture.given(opened(1_000), new MoneyWithdrawnEvent(NUMBER, 1_000, BRL, 0))
                    .when(new WithdrawMoneyCommand(NUMBER, 1, BRL))
                    .expectException(InsufficientFunds.class)
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void withdrawal_of_zero_or_a_negative_amount_is_rejected(long amountMinor) {
            fixture.given(opened(1_000))
                    .when(new WithdrawMoneyCommand(NUMBER, amountMinor, BRL))
                    .expectException(InvalidMoney.class)
                    .expectNoEvents();
        }

        @Test
        void withdrawal_in_another_currency_is_rejected() {
            fixture.given(opened(1_000))
                    .when(new WithdrawMoneyCommand(NUMBER, 100, "EUR"))
                    .expectException(CurrencyMismatch.class)
                    .expectExceptionMessage("Money currency mismatch: expected BRL, got EUR.")
                    .expectNoEvents();
        }

        @Test
        void withdrawal_in_another_currency_beyond_the_balance_is_reported_as_a_currency_mismatch() {
            // The contract checks the currency before the funds.
            fixture.given(opened(1_000))
                    .when(new WithdrawMoneyCommand(NUMBER, 5_000, "EUR"))
                    .expectException(CurrencyMismatch.class)
                    .expectNoEvents();
        }

        @Test
        void withdrawal_from_an_account_that_was_never_opened_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(new WithdrawMoneyCommand(NUMBER, 100, BRL))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }
    }
}
