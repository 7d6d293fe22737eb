package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccountTest {

    private static final CurrencyCode BRL = CurrencyCode.of("BRL");
    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final AccountId ID = AccountId.of("f6b3b5e6-1f22-4b65-9b4a-0c5c2c9e3d34");
    private static final AccountNumber NUMBER = AccountNumber.of("000001");

    private static Account accountWith(long balanceMinor) {
        return Account.open(ID, NUMBER, Money.of(balanceMinor, BRL));
    }

    @Test
    void an_opened_account_has_its_identity_number_and_initial_balance() {
        Account account = Account.open(ID, NUMBER, Money.of(10_000, BRL));

        assertThat(account.id()).isEqualTo(ID);
        assertThat(account.number()).isEqualTo(NUMBER);
        assertThat(account.balance()).isEqualTo(Balance.of(10_000, BRL));
    }

    @Test
    void an_account_can_be_opened_with_a_zero_balance() {
        assertThat(accountWith(0).balance().isZero()).isTrue();
    }

    @Test
    void the_account_currency_is_that_of_its_initial_balance() {
        Account dollars = Account.open(ID, NUMBER, Money.zero(USD));

        assertThat(dollars.currency()).isEqualTo(USD);
        assertThat(dollars.deposit(Money.of(5, USD)).currency()).isEqualTo(USD);
    }

    @Test
    void an_account_needs_an_id_a_number_and_a_balance() {
        Money zero = Money.zero(BRL);

        assertThatThrownBy(() -> Account.open(null, NUMBER, zero)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Account.open(ID, null, zero)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Account.open(ID, NUMBER, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void a_deposit_adds_to_the_balance_and_keeps_identity() {
        Account after = accountWith(10_000).deposit(Money.of(500, BRL));

        assertThat(after.balance()).isEqualTo(Balance.of(10_500, BRL));
        assertThat(after.id()).isEqualTo(ID);
        assertThat(after.number()).isEqualTo(NUMBER);
    }

    @Test
    void a_deposit_returns_a_new_state_and_leaves_the_original_unchanged() {
        Account before = accountWith(100);

        Account after = before.deposit(Money.of(1, BRL));

        assertThat(after).isNotSameAs(before);
        assertThat(before.balance()).isEqualTo(Balance.of(100, BRL));
    }

    @Test
    void a_withdrawal_takes_from_the_balance() {
        Account after = accountWith(10_000).withdraw(Money.of(200, BRL));

        assertThat(after.balance()).isEqualTo(Balance.of(9_800, BRL));
        assertThat(after.id()).isEqualTo(ID);
        assertThat(after.number()).isEqualTo(NUMBER);
    }

    @Test
    void withdrawing_the_whole_balance_leaves_zero() {
        assertThat(accountWith(777).withdraw(Money.of(777, BRL)).balance().isZero())
                .isTrue();
    }

    @Test
    void a_withdrawal_leaves_the_original_unchanged() {
        Account before = accountWith(100);

        before.withdraw(Money.of(60, BRL));

        assertThat(before).isEqualTo(accountWith(100));
    }

    @Test
    void withdrawal_beyond_balance_is_rejected() {
        Account account = accountWith(100);

        assertThatThrownBy(() -> account.withdraw(Money.of(101, BRL)))
                .isInstanceOf(InsufficientFunds.class)
                .hasMessageStartingWith("Insufficient funds");
        assertThat(account.balance()).isEqualTo(Balance.of(100, BRL));
    }

    @Test
    void withdrawal_from_an_empty_account_is_rejected() {
        assertThatThrownBy(() -> accountWith(0).withdraw(Money.of(1, BRL))).isInstanceOf(InsufficientFunds.class);
    }

    @Test
    void a_zero_deposit_is_rejected_as_invalid_money() {
        Account account = accountWith(100);

        assertThatThrownBy(() -> account.deposit(Money.zero(BRL)))
                .isInstanceOf(InvalidMoney.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.INVALID_AMOUNT);
        assertThat(account).isEqualTo(accountWith(100));
    }

    @Test
    void a_zero_withdrawal_is_rejected_as_invalid_money() {
        Account account = accountWith(100);

        assertThatThrownBy(() -> account.withdraw(Money.zero(BRL))).isInstanceOf(InvalidMoney.class);
        assertThat(account).isEqualTo(accountWith(100));
    }

    @Test
    void a_deposit_in_another_currency_is_rejected() {
        Account account = accountWith(100);

        assertThatThrownBy(() -> account.deposit(Money.of(50, USD)))
                .isInstanceOf(CurrencyMismatch.class)
                .hasMessageStartingWith("Money currency mismatch");
        assertThat(account).isEqualTo(accountWith(100));
    }

    @Test
    void a_withdrawal_in_another_currency_is_rejected() {
        Account account = accountWith(100);

        assertThatThrownBy(() -> account.withdraw(Money.of(50, USD)))
                .isInstanceOf(CurrencyMismatch.class)
                .hasMessageStartingWith("Money currency mismatch");
        assertThat(account).isEqualTo(accountWith(100));
    }

    @Test
    void a_withdrawal_in_another_currency_beyond_the_balance_is_a_currency_mismatch_first() {
        assertThatThrownBy(() -> accountWith(100).withdraw(Money.of(1_000, USD)))
                .isInstanceOf(CurrencyMismatch.class);
    }

    @Test
    void a_zero_amount_in_another_currency_is_an_invalid_amount_first() {
        assertThatThrownBy(() -> accountWith(100).deposit(Money.zero(USD))).isInstanceOf(InvalidMoney.class);
        assertThatThrownBy(() -> accountWith(100).withdraw(Money.zero(USD))).isInstanceOf(InvalidMoney.class);
    }

    @Test
    void a_deposit_that_would_overflow_the_balance_is_rejected() {
        Account full = accountWith(Long.MAX_VALUE - 10);

        assertThatThrownBy(() -> full.deposit(Money.of(11, BRL))).isInstanceOf(BalanceOverflow.class);
        assertThat(full.balance().amountMinor()).isEqualTo(Long.MAX_VALUE - 10);
        assertThat(full.deposit(Money.of(10, BRL)).balance().amountMinor()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void accounts_with_the_same_state_are_equal_and_differ_by_identity() {
        Account other = Account.open(AccountId.of("23ecd42c-93aa-42e3-a4d4-8ffea62e69e2"), NUMBER, Money.of(100, BRL));

        assertThat(accountWith(100)).isEqualTo(accountWith(100)).isNotEqualTo(other);
    }

    private static Account other(long balanceMinor, CurrencyCode currency) {
        return Account.open(
                AccountId.of("0b7c8f4e-2d5a-4c1e-9f3b-6a2d8e4c1b90"),
                AccountNumber.of("000002"),
                Money.of(balanceMinor, currency));
    }

    @Test
    void a_transfer_both_accounts_can_make_passes_the_check_and_changes_neither() {
        Account source = accountWith(100);
        Account destination = other(0, BRL);

        source.checkTransferTo(destination, Money.of(100, BRL));

        assertThat(source.balance()).isEqualTo(Balance.of(100, BRL));
        assertThat(destination.balance()).isEqualTo(Balance.of(0, BRL));
    }

    @Test
    void a_transfer_check_names_the_source_currency_first_then_funds_then_room() {
        assertThatThrownBy(() -> other(0, USD).checkTransferTo(other(0, BRL), Money.of(1, BRL)))
                .isInstanceOf(CurrencyMismatch.class)
                .hasMessage("Money currency mismatch: account 000002 holds USD, the transfer is in BRL.");
        assertThatThrownBy(() -> accountWith(0).checkTransferTo(other(0, USD), Money.of(1, BRL)))
                .isInstanceOf(CurrencyMismatch.class)
                .hasMessageContaining("account 000002 holds USD");
        assertThatThrownBy(() -> accountWith(0).checkTransferTo(other(Long.MAX_VALUE, BRL), Money.of(1, BRL)))
                .isInstanceOf(InsufficientFunds.class);
        assertThatThrownBy(() -> accountWith(5).checkTransferTo(other(Long.MAX_VALUE, BRL), Money.of(1, BRL)))
                .isInstanceOf(BalanceOverflow.class);
        assertThatThrownBy(() -> accountWith(5).checkTransferTo(other(0, BRL), Money.zero(BRL)))
                .isInstanceOf(InvalidMoney.class);
    }
}
