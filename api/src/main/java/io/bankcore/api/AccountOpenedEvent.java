package io.bankcore.api;

/** An account exists. {@code initialBalanceMinor} above 0 counts as the account's first deposit. */
public record AccountOpenedEvent(String accountNumber, String accountId, String currency, long initialBalanceMinor) {}
