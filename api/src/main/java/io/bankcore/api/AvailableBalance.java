package io.bankcore.api;

import java.math.BigInteger;

/**
 * What a debit may take from an account: {@code balance + overdraft limit - reserved}, never below 0,
 * and the largest {@code long} when it would be beyond it. The one formula of every answer that shows
 * an {@code available_balance_cents} (the domain's {@code Account.available()} decides by the same).
 */
public final class AvailableBalance {

    private AvailableBalance() {}

    public static long of(long balanceMinor, long overdraftLimitMinor, long reservedMinor) {
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
}
