package io.bankcore.api;

/**
 * An account exists. {@code initialBalanceMinor} above 0 counts as the account's first deposit; {@code
 * overdraftLimitMinor} is how far below zero its balance may go (absent from events stored before
 * overdraft limits existed: 0).
 */
public record AccountOpenedEvent(
        String accountNumber, String accountId, String currency, long initialBalanceMinor, long overdraftLimitMinor) {

    /** An account opened without an overdraft limit. */
    public AccountOpenedEvent(String accountNumber, String accountId, String currency, long initialBalanceMinor) {
        this(accountNumber, accountId, currency, initialBalanceMinor, 0);
    }
}
