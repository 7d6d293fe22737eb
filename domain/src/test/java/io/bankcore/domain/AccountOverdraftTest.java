package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountOverdraftTest {

    private static final CurrencyCode BRL = CurrencyCode.of("BRL");

    private static Money brl(long amount) {
        return Money.of(amount, BRL);
    }

    private static Account account(long balance, long limit) {
        return Account.open(
                AccountId.of(UUID.randomUUID().toString()), AccountNumber.of("000001"), brl(balance), brl(limit));
    }

    private static Account other(long balance) {
        return Account.open(AccountId.of(UUID.randomUUID().toString()), AccountNumber.of("000002"), brl(balance));
    }

    @Test
    void a_limit_lets_the_balance_go_below_zero_down_to_minus_the_limit_and_no_further() {
        var account = account(100, 500);

        assertThat(account.available()).isEqualTo(brl(600));
        var drawn = account.withdraw(brl(600));
        assertThat(drawn.balance()).isEqualTo(Balance.of(-500, BRL));
        assertThat(drawn.available()).isEqualTo(brl(0));
        assertThatThrownBy(() -> drawn.withdraw(brl(1)))
                .isInstanceOf(InsufficientFunds.class)
                .hasMessage("Insufficient funds: available balance is 0 (balance -500, overdraft limit 500, 0"
                        + " reserved), requested 1 BRL.");
        assertThatThrownBy(() -> account.withdraw(brl(601)))
                .isInstanceOf(InsufficientFunds.class)
                .hasMessageContaining("available balance is 600");
    }

    @Test
    void reservations_and_transfers_count_the_limit_too() {
        var account = account(0, 1000).reserve(brl(700));

        assertThat(account.available()).isEqualTo(brl(300));
        assertThatThrownBy(() -> account.checkTransferTo(other(0), brl(301))).isInstanceOf(InsufficientFunds.class);
        account.checkTransferTo(other(0), brl(300));
        var posted = account.postReserved(brl(700), brl(700));
        assertThat(posted.balance()).isEqualTo(Balance.of(-700, BRL));
        assertThat(posted.reserved()).isEqualTo(brl(0));
        assertThat(posted.available()).isEqualTo(brl(300));
    }

    @Test
    void a_limit_lowered_below_what_is_used_stops_debits_until_the_account_is_back_within_it() {
        var overdrawn = account(0, 1000).withdraw(brl(800)).changeOverdraftLimit(brl(300));

        assertThat(overdrawn.balance()).isEqualTo(Balance.of(-800, BRL));
        assertThat(overdrawn.available()).isEqualTo(brl(0));
        assertThatThrownBy(() -> overdrawn.withdraw(brl(1))).isInstanceOf(InsufficientFunds.class);
        assertThatThrownBy(() -> overdrawn.reserve(brl(1))).isInstanceOf(InsufficientFunds.class);
        var deposited = overdrawn.deposit(brl(600));
        assertThat(deposited.balance()).isEqualTo(Balance.of(-200, BRL));
        assertThat(deposited.available()).isEqualTo(brl(100));
        assertThat(deposited.withdraw(brl(100)).balance()).isEqualTo(Balance.of(-300, BRL));
    }

    @Test
    void the_available_balance_never_goes_below_zero_nor_past_the_largest_amount() {
        assertThat(Balance.available(-800, 300, 0)).isZero();
        assertThat(Balance.available(-800, 300, 50)).isZero();
        assertThat(Balance.available(Long.MAX_VALUE, Long.MAX_VALUE, 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(Balance.available(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(Balance.available(-Long.MAX_VALUE, 0, Long.MAX_VALUE)).isZero();
        assertThat(Balance.available(5, 10, 3)).isEqualTo(12);
    }

    @Test
    void closing_still_needs_a_zero_balance_and_the_limit_changes_only_on_an_open_account() {
        var overdrawn = account(0, 100).withdraw(brl(50));

        assertThatThrownBy(overdrawn::close)
                .isInstanceOf(AccountNotEmpty.class)
                .hasMessageContaining("balance of -50 BRL");
        var closed = overdrawn.deposit(brl(50)).close();
        assertThatThrownBy(() -> closed.changeOverdraftLimit(brl(10))).isInstanceOf(AccountClosed.class);
        var frozen = account(0, 0).freeze(FreezeDirection.ALL, "review");
        assertThat(frozen.changeOverdraftLimit(brl(10)).overdraftLimit()).isEqualTo(brl(10));
        assertThatThrownBy(() -> account(0, 0).changeOverdraftLimit(Money.of(1, CurrencyCode.of("USD"))))
                .isInstanceOf(CurrencyMismatch.class);
    }

    @Test
    void an_account_without_limit_refuses_as_before() {
        assertThatThrownBy(() -> account(100, 0).withdraw(brl(101)))
                .isInstanceOf(InsufficientFunds.class)
                .hasMessage("Insufficient funds: balance is 100, requested 101 BRL.");
    }
}
