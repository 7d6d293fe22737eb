package io.bankcore.api;

/**
 * The reply to an accepted account command: the account's state right after it, and the sequence
 * number of the account's last event, so a caller can wait until the read models have reached it.
 */
public record AccountState(
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
    public AccountState(
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
    public AccountState(String accountNumber, String accountId, long balanceMinor, String currency, long lastSequence) {
        this(accountNumber, accountId, balanceMinor, currency, lastSequence, 0, "ACTIVE", null, null);
    }

    /** The balance plus the overdraft limit less the reservations, never below 0: what a debit may take. */
    public long availableMinor() {
        return AvailableBalance.of(balanceMinor, overdraftLimitMinor, reservedMinor);
    }
}
