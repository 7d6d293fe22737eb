package io.bankcore.api;

/** On the destination account's stream: the amount arrived; {@code balanceMinor} is its balance after. */
public record TransferCreditedEvent(
        String accountNumber,
        String transferId,
        long amountMinor,
        String currency,
        long balanceMinor,
        String counterpartyAccountNumber)
        implements TransferEvent, AccountBalanceEvent {}
