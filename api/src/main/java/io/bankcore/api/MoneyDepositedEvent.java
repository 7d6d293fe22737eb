package io.bankcore.api;

/** Money was added to an account; {@code balanceMinor} is the balance right after it. */
public record MoneyDepositedEvent(String accountNumber, long amountMinor, String currency, long balanceMinor)
        implements AccountBalanceEvent {}
