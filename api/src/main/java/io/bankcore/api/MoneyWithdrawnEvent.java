package io.bankcore.api;

/** Money was taken from an account; {@code balanceMinor} is the balance right after it. */
public record MoneyWithdrawnEvent(String accountNumber, long amountMinor, String currency, long balanceMinor)
        implements AccountBalanceEvent {}
