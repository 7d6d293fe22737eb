package io.bankcore.query.audit;

import java.math.BigInteger;

/**
 * The audit's overdraft rule, event by event: an event that makes an account use more (a debit, a
 * reservation: {@code reserved - balance} grows) must leave it within its limit, {@code balance -
 * reserved >= -limit}, so in particular {@code balance >= -limit}. An event that uses no more (a credit,
 * a release, a post of held money, a new limit) is never refused by it: a limit lowered below what an
 * account uses leaves it beyond the limit until credits bring it back, without any debit in between.
 */
final class OverdraftRule {

    private OverdraftRule() {}

    /** True when the event took the account from ({@code balanceBefore}, {@code reservedBefore}) beyond its limit. */
    static boolean broken(long balanceBefore, long reservedBefore, long balance, long reserved, long limit) {
        BigInteger before = use(balanceBefore, reservedBefore);
        BigInteger after = use(balance, reserved);
        return after.compareTo(before) > 0 && after.compareTo(BigInteger.valueOf(limit)) > 0;
    }

    /** What an account uses of its limit and balance: its reservations less its balance (exact, no overflow). */
    private static BigInteger use(long balance, long reserved) {
        return BigInteger.valueOf(reserved).subtract(BigInteger.valueOf(balance));
    }
}
