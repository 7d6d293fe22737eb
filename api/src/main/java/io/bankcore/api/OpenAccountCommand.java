package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens an account under a number that must not exist yet; an initial balance above 0 is its first
 * deposit, and its balance may go down to minus {@code overdraftLimitMinor}.
 */
public record OpenAccountCommand(
        @TargetAggregateIdentifier String accountNumber,
        String accountId,
        long initialBalanceMinor,
        String currency,
        long overdraftLimitMinor) {

    /** An account without an overdraft limit. */
    public OpenAccountCommand(String accountNumber, String accountId, long initialBalanceMinor, String currency) {
        this(accountNumber, accountId, initialBalanceMinor, currency, 0);
    }
}
