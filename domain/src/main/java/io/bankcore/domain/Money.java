package io.bankcore.domain;

import java.util.Objects;

/**
 * A non-negative amount of one currency in minor units (cents). Arithmetic is exact: a result that
 * does not fit in a {@code long} is refused, never wrapped.
 */
public record Money(long amountMinor, CurrencyCode currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw new InvalidMoney("amount must not be negative, got " + amountMinor);
        }
    }

    public static Money of(long amountMinor, CurrencyCode currency) {
        return new Money(amountMinor, currency);
    }

    public static Money zero(CurrencyCode currency) {
        return new Money(0, currency);
    }

    /** An amount to move: strictly greater than zero. */
    public static Money positive(long amountMinor, CurrencyCode currency) {
        if (amountMinor <= 0) {
            throw new InvalidMoney("amount must be greater than 0, got " + amountMinor);
        }
        return new Money(amountMinor, currency);
    }

    public boolean isZero() {
        return amountMinor == 0;
    }

    public boolean isLessThan(Money other) {
        requireSameCurrency(other);
        return amountMinor < other.amountMinor;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        try {
            return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
        } catch (ArithmeticException overflow) {
            throw new BalanceOverflow("Resulting balance would exceed the largest representable amount ("
                    + Long.MAX_VALUE + " minor units).");
        }
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        if (amountMinor < other.amountMinor) {
            throw new InsufficientFunds(this, other);
        }
        return new Money(amountMinor - other.amountMinor, currency);
    }

    public void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatch(
                    "Money currency mismatch: expected " + currency + ", got " + other.currency + ".");
        }
    }
}
