package io.bankcore.api;

/** On the source account's stream: the amount left it; {@code balanceMinor} is its balance after. */
public record TransferDebitedEvent(
        String accountNumber,
        String transferId,
        long amountMinor,
        String currency,
        long balanceMinor,
        String counterpartyAccountNumber)
        implements TransferEvent, AccountBalanceEvent {}
