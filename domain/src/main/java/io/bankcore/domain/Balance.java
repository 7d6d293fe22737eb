package io.bankcore.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An account's posted balance in minor units: unlike {@link Money}, it may be below zero, down to minus
 * the account's overdraft limit. Arithmetic is exact: a result that does not fit in a {@code long} is
 * refused, never wrapped.
 */
public record Balance(long amountMinor, CurrencyCode currency) {

    public Balance {
        Objects.requireNonNull(currency, "currency");
    }

    public static Balance of(long amountMinor, CurrencyCode currency) {
        return new Balance(amountMinor, currency);
    }

    public static Balance of(Money money) {
        return new Balance(money.amountMinor(), money.currency());
    }

    public boolean isZero() {
        return amountMinor == 0;
    }

    public Balance plus(Money amount) {
        requireSameCurrency(amount);
        try {
            return new Balance(Math.addExact(amountMinor, amount.amountMinor()), currency);
        } catch (ArithmeticException overflow) {
            throw new BalanceOverflow("Resulting balance would exceed the largest representable amount ("
                    + Long.MAX_VALUE + " minor units).");
        }
    }

    public Balance minus(Money amount) {
        requireSameCurrency(amount);
        try {
            return new Balance(Math.subtractExact(amountMinor, amount.amountMinor()), currency);
        } catch (ArithmeticException overflow) {
            throw new BalanceOverflow("Resulting balance would be below the smallest representable amount ("
                    + Long.MIN_VALUE + " minor units).");
        }
    }

    /**
     * What a debit may take from a balance, given the overdraft limit and what reservations hold: {@code
     * balance + limit - reserved}, never below 0, and {@link Long#MAX_VALUE} when it would be beyond it.
     */
    public static long available(long balanceMinor, long overdraftLimitMinor, long reservedMinor) {
        long room;
        try {
            room = Math.subtractExact(Math.addExact(balanceMinor, overdraftLimitMinor), reservedMinor);
        } catch (ArithmeticException beyond) {
            var exact = BigInteger.valueOf(balanceMinor)
                    .add(BigInteger.valueOf(overdraftLimitMinor))
                    .subtract(BigInteger.valueOf(reservedMinor));
            return exact.signum() <= 0
                    ? 0
                    : exact.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        }
        return Math.max(0, room);
    }

    private void requireSameCurrency(Money amount) {
        if (!currency.equals(amount.currency())) {
            throw new CurrencyMismatch(
                    "Money currency mismatch: expected " + currency + ", got " + amount.currency() + ".");
        }
    }
}
