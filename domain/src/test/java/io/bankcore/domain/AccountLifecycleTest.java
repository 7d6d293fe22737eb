package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountLifecycleTest {

    private static final CurrencyCode BRL = CurrencyCode.of("BRL");

    private static Account account(long balance) {
        return Account.open(AccountId.of(UUID.randomUUID().toString()), AccountNumber.of("000001"), brl(balance));
    }

    private static Account other(long balance) {
        return Account.open(AccountId.of(UUID.randomUUID().toString()), AccountNumber.of("000002"), brl(balance));
    }

    private static Money brl(long amount) {
        return Money.of(amount, BRL);
    }

    @Test
    void a_reservation_holds_money_that_no_other_debit_may_take() {
        var held = account(1000).reserve(brl(700));

        assertThat(held.balance()).isEqualTo(Balance.of(brl(1000)));
        assertThat(held.reserved()).isEqualTo(brl(700));
        assertThat(held.available()).isEqualTo(brl(300));
        assertThat(held.withdraw(brl(300)).available()).isEqualTo(brl(0));
        assertThatThrownBy(() -> held.withdraw(brl(301)))
                .isInstanceOf(InsufficientFunds.class)
                .hasMessageContaining("available balance is 300 (700 reserved)");
        assertThatThrownBy(() -> held.reserve(brl(301))).isInstanceOf(InsufficientFunds.class);
        assertThatThrownBy(() -> held.checkTransferTo(other(0), brl(301))).isInstanceOf(InsufficientFunds.class);
    }

    @Test
    void posting_moves_part_of_a_hold_and_releases_the_rest() {
        var posted = account(1000).reserve(brl(700)).postReserved(brl(700), brl(250));

        assertThat(posted.balance()).isEqualTo(Balance.of(brl(750)));
        assertThat(posted.reserved()).isEqualTo(brl(0));
        assertThatThrownBy(() -> account(1000).reserve(brl(700)).postReserved(brl(700), brl(701)))
                .isInstanceOf(InvalidMoney.class);
    }

    @Test
    void releasing_gives_the_hold_back_and_is_never_refused_for_a_freeze() {
        var frozen = account(1000).reserve(brl(700)).freeze(FreezeDirection.ALL, "court order");

        var released = frozen.release(brl(700));

        assertThat(released.reserved()).isEqualTo(brl(0));
        assertThat(released.available()).isEqualTo(brl(1000));
        assertThat(released.status()).isEqualTo(AccountStatus.FROZEN);
    }

    @Test
    void a_freeze_stops_only_its_direction() {
        var noDebits = account(1000).freeze(FreezeDirection.DEBITS, "fraud check");
        var noCredits = account(1000).freeze(FreezeDirection.CREDITS, "dormant");

        assertThat(noDebits.deposit(brl(1)).balance()).isEqualTo(Balance.of(brl(1001)));
        assertThatThrownBy(() -> noDebits.withdraw(brl(1)))
                .isInstanceOf(AccountFrozen.class)
                .hasMessage("Account 000001 is frozen for debits: fraud check");
        assertThatThrownBy(() -> noDebits.reserve(brl(1))).isInstanceOf(AccountFrozen.class);
        assertThatThrownBy(() -> noDebits.postReserved(brl(1), brl(1))).isInstanceOf(AccountFrozen.class);
        assertThatThrownBy(() -> noDebits.checkTransferTo(other(0), brl(1))).isInstanceOf(AccountFrozen.class);

        assertThat(noCredits.withdraw(brl(1)).balance()).isEqualTo(Balance.of(brl(999)));
        assertThatThrownBy(() -> noCredits.deposit(brl(1)))
                .isInstanceOf(AccountFrozen.class)
                .hasMessage("Account 000001 is frozen for credits: dormant");
        // A transfer to it is refused at its credit (and refunded), a reservation to it up front.
        other(10).checkTransferTo(noCredits, brl(1));
        assertThatThrownBy(() -> other(10).checkReservationTo(noCredits, brl(1)))
                .isInstanceOf(AccountFrozen.class);
    }

    @Test
    void unfreezing_restores_every_movement() {
        var account = account(1000).freeze(FreezeDirection.ALL, "review").unfreeze();

        assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(account.withdraw(brl(1)).deposit(brl(2)).balance()).isEqualTo(Balance.of(brl(1001)));
    }

    @Test
    void a_refund_reaches_an_account_frozen_for_credits() {
        var frozen = account(0).freeze(FreezeDirection.ALL, "review");

        assertThat(frozen.refund(brl(5)).balance()).isEqualTo(Balance.of(brl(5)));
    }

    @Test
    void closing_needs_an_empty_account_and_is_final() {
        assertThatThrownBy(() -> account(1).close())
                .isInstanceOf(AccountNotEmpty.class)
                .hasMessageContaining("balance of 1 BRL");
        assertThatThrownBy(() -> account(10).reserve(brl(10)).withdraw(brl(0))).isInstanceOf(InvalidMoney.class);
        var reservedOnly = account(10).reserve(brl(10));
        assertThatThrownBy(reservedOnly::close)
                .isInstanceOf(AccountNotEmpty.class)
                .hasMessageContaining("reserved");

        var closed = account(0).close();

        assertThat(closed.status()).isEqualTo(AccountStatus.CLOSED);
        assertThatThrownBy(() -> closed.deposit(brl(1))).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(() -> closed.withdraw(brl(1))).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(() -> closed.reserve(brl(1))).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(() -> closed.freeze(FreezeDirection.ALL, "x")).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(closed::unfreeze).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(closed::close).isInstanceOf(AccountClosed.class);
        assertThatThrownBy(() -> other(10).checkReservationTo(closed, brl(1))).isInstanceOf(AccountClosed.class);
    }

    @Test
    void state_checks_come_before_currency_and_funds() {
        var frozen = account(0).freeze(FreezeDirection.DEBITS, "x");

        assertThatThrownBy(() -> frozen.withdraw(Money.of(5, CurrencyCode.of("USD"))))
                .isInstanceOf(AccountFrozen.class);
    }
}
