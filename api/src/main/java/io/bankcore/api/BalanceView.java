package io.bankcore.api;

/**
 * An account's balance as the balance projection last saw it: the posted balance, the part of it held by
 * open reservations, and the account's status ({@code ACTIVE}, {@code FROZEN} or {@code CLOSED}; a frozen
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
        String freezeReason) {

    /** An active account without reservations. */
    public BalanceView(String accountNumber, String accountId, long balanceMinor, String currency, long lastSequence) {
        this(accountNumber, accountId, balanceMinor, currency, lastSequence, 0, "ACTIVE", null, null);
    }

    public long availableMinor() {
        return balanceMinor - reservedMinor;
    }
}
