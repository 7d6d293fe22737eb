package io.bankcore.api;

/**
 * An account's overdraft limit from now on: its balance may go down to minus {@code overdraftLimitMinor}
 * (in {@code currency}, the account's); {@code previousOverdraftLimitMinor} is the limit it replaces.
 */
public record AccountOverdraftLimitChangedEvent(
        String accountNumber, long overdraftLimitMinor, long previousOverdraftLimitMinor, String currency) {}
