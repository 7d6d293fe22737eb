package io.bankcore.api;

/**
 * An account's balance as the balance projection last saw it: the posted balance (at most the overdraft
 * limit below zero when debited), the part of it held by open reservations, the overdraft limit, and the
 * account's status ({@code ACTIVE}, {@code FROZEN} or {@code CLOSED}; a frozen
 * account's direction {@code ALL}, {@code DEBITS} or {@code CREDITS}, and its reason).
 */
public record BalanceView(
        String accountNumber,
        String accountId,
        long balanceMinor,
        String currency,
        long lastSequence,
        long reservedMinor,
        String status,
        String frozenDirection,
        String freezeReason,
        long overdraftLimitMinor) {

    /** An account without an overdraft limit. */
    public BalanceView(
            String accountNumber,
            String accountId,
            long balanceMinor,
            String currency,
            long lastSequence,
            long reservedMinor,
            String status,
            String frozenDirection,
            String freezeReason) {
        this(
                accountNumber,
                accountId,
                balanceMinor,
                currency,
                lastSequence,
                reservedMinor,
                status,
                frozenDirection,
                freezeReason,
                0);
    }

    /** An active account without reservations. */
    public BalanceView(String accountNumber, String accountId, long balanceMinor, String currency, long lastSequence) {
        this(accountNumber, accountId, balanceMinor, currency, lastSequence, 0, "ACTIVE", null, null);
    }

    /** The balance plus the overdraft limit less the reservations, never below 0: what a debit may take. */
    public long availableMinor() {
        return AvailableBalance.of(balanceMinor, overdraftLimitMinor, reservedMinor);
    }
}
