package io.bankcore.api;

/**
 * On the stream of a transfer's source: a reversal of the transfer brought {@code amountMinor} back;
 * {@code balanceMinor} is its balance after. The counterparty is the transfer's destination.
 */
public record ReversalCreditedEvent(
        String accountNumber,
        String reversalId,
        String transferId,
        long amountMinor,
        String currency,
        long balanceMinor,
        String counterpartyAccountNumber)
        implements AccountBalanceEvent {}
