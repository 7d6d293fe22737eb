package io.bankcore.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final CurrencyCode BRL = CurrencyCode.of("BRL");
    private static final CurrencyCode USD = CurrencyCode.of("USD");

    @Test
    void adding_two_amounts_gives_their_exact_sum() {
        assertThat(Money.of(1_050, BRL).plus(Money.of(250, BRL))).isEqualTo(Money.of(1_300, BRL));
    }

    @Test
    void adding_up_to_the_largest_long_is_exact() {
        Money almostFull = Money.of(Long.MAX_VALUE - 1, BRL);

        assertThat(almostFull.plus(Money.of(1, BRL)).amountMinor()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void adding_beyond_the_largest_long_is_a_balance_overflow_not_a_wrap() {
        Money full = Money.of(Long.MAX_VALUE, BRL);

        assertThatThrownBy(() -> full.plus(Money.of(1, BRL)))
                .isInstanceOf(BalanceOverflow.class)
                .hasMessageContaining(String.valueOf(Long.MAX_VALUE))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.BALANCE_OVERFLOW);
    }

    @Test
    void adding_two_huge_amounts_is_a_balance_overflow() {
        Money half = Money.of(Long.MAX_VALUE / 2 + 1, BRL);

        assertThatThrownBy(() -> half.plus(half)).isInstanceOf(BalanceOverflow.class);
    }

    @Test
    void subtracting_gives_the_exact_difference() {
        assertThat(Money.of(10_000, BRL).minus(Money.of(2_501, BRL))).isEqualTo(Money.of(7_499, BRL));
    }

    @Test
    void subtracting_the_whole_amount_leaves_zero() {
        Money result = Money.of(Long.MAX_VALUE, BRL).minus(Money.of(Long.MAX_VALUE, BRL));

        assertThat(result.isZero()).isTrue();
        assertThat(result).isEqualTo(Money.zero(BRL));
    }

    @Test
    void subtracting_more_than_the_amount_is_insufficient_funds() {
        Money balance = Money.of(100, BRL);

        assertThatThrownBy(() -> balance.minus(Money.of(101, BRL)))
                .isInstanceOf(InsufficientFunds.class)
                .hasMessageStartingWith("Insufficient funds")
                .hasMessageContaining("100")
                .hasMessageContaining("101")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void subtracting_anything_from_zero_is_insufficient_funds() {
        assertThatThrownBy(() -> Money.zero(BRL).minus(Money.of(1, BRL))).isInstanceOf(InsufficientFunds.class);
    }

    @Test
    void a_negative_amount_is_invalid_money() {
        assertThatThrownBy(() -> Money.of(-1, BRL))
                .isInstanceOf(InvalidMoney.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.INVALID_AMOUNT);
        assertThatThrownBy(() -> new Money(Long.MIN_VALUE, BRL)).isInstanceOf(InvalidMoney.class);
    }

    @Test
    void zero_is_a_valid_amount_but_not_a_positive_one() {
        assertThat(Money.of(0, BRL).isZero()).isTrue();
        assertThat(Money.zero(USD)).isEqualTo(Money.of(0, USD));

        assertThatThrownBy(() -> Money.positive(0, BRL))
                .isInstanceOf(InvalidMoney.class)
                .hasMessageContaining("greater than 0");
    }

    @Test
    void positive_rejects_negative_amounts() {
        assertThatThrownBy(() -> Money.positive(-5, BRL)).isInstanceOf(InvalidMoney.class);
        assertThatThrownBy(() -> Money.positive(Long.MIN_VALUE, BRL)).isInstanceOf(InvalidMoney.class);
    }

    @Test
    void positive_accepts_one_cent_and_the_largest_long() {
        assertThat(Money.positive(1, BRL).amountMinor()).isEqualTo(1);
        assertThat(Money.positive(Long.MAX_VALUE, BRL).amountMinor()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void money_without_a_currency_is_refused() {
        assertThatThrownBy(() -> Money.of(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void adding_another_currency_is_a_currency_mismatch() {
        assertThatThrownBy(() -> Money.of(1, BRL).plus(Money.of(1, USD)))
                .isInstanceOf(CurrencyMismatch.class)
                .hasMessageStartingWith("Money currency mismatch")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.CURRENCY_MISMATCH);
    }

    @Test
    void subtracting_another_currency_is_a_currency_mismatch() {
        assertThatThrownBy(() -> Money.of(500, BRL).minus(Money.of(1, USD)))
                .isInstanceOf(CurrencyMismatch.class)
                .hasMessageStartingWith("Money currency mismatch");
    }

    @Test
    void currency_mismatch_is_reported_before_insufficient_funds() {
        assertThatThrownBy(() -> Money.zero(BRL).minus(Money.of(1_000, USD))).isInstanceOf(CurrencyMismatch.class);
    }

    @Test
    void currency_mismatch_is_reported_before_overflow() {
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, BRL).plus(Money.of(Long.MAX_VALUE, USD)))
                .isInstanceOf(CurrencyMismatch.class);
    }

    @Test
    void comparing_amounts_needs_the_same_currency() {
        assertThat(Money.of(1, BRL).isLessThan(Money.of(2, BRL))).isTrue();
        assertThat(Money.of(2, BRL).isLessThan(Money.of(2, BRL))).isFalse();
        assertThat(Money.of(3, BRL).isLessThan(Money.of(2, BRL))).isFalse();

        assertThatThrownBy(() -> Money.of(1, BRL).isLessThan(Money.of(2, USD)))
                .isInstanceOf(CurrencyMismatch.class)
                .hasMessageStartingWith("Money currency mismatch");
    }

    @Test
    void require_same_currency_names_both_currencies() {
        assertThatThrownBy(() -> Money.of(1, BRL).requireSameCurrency(Money.of(1, USD)))
                .hasMessageContaining("BRL")
                .hasMessageContaining("USD");
    }

    @Test
    void arithmetic_leaves_both_operands_unchanged() {
        Money a = Money.of(700, BRL);
        Money b = Money.of(300, BRL);

        a.plus(b);
        a.minus(b);

        assertThat(a).isEqualTo(Money.of(700, BRL));
        assertThat(b).isEqualTo(Money.of(300, BRL));
    }

    @Test
    void equal_amounts_of_different_currencies_are_different_money() {
        assertThat(Money.of(100, BRL)).isNotEqualTo(Money.of(100, USD));
    }
}
