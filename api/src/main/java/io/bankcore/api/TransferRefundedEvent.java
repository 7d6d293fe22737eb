package io.bankcore.api;

/** On the source account's stream: a debited amount came back after the credit failed. */
public record TransferRefundedEvent(
        String accountNumber,
        String transferId,
        long amountMinor,
        String currency,
        long balanceMinor,
        String counterpartyAccountNumber)
        implements TransferEvent, AccountBalanceEvent {}
