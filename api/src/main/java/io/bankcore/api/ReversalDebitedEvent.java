package io.bankcore.api;

/**
 * On the stream of a transfer's destination: a reversal of the transfer took {@code amountMinor} back;
 * {@code balanceMinor} is its balance after. The counterparty is the transfer's source.
 */
public record ReversalDebitedEvent(
        String accountNumber,
        String reversalId,
        String transferId,
        long amountMinor,
        String currency,
        long balanceMinor,
        String counterpartyAccountNumber)
        implements AccountBalanceEvent {}
