package io.bankcore.api;

/** An account's balance as the balance projection last saw it. */
public record BalanceView(
        String accountNumber, String accountId, long balanceMinor, String currency, long lastSequence) {}
