package io.bankcore.api;

/**
 * On the source account's stream: {@code amountMinor} is held for a pending transfer. The balance is
 * unchanged; {@code reservedMinor} is the account's reserved total after it.
 */
public record FundsReservedEvent(
        String accountNumber,
        String transferId,
        long amountMinor,
        String currency,
        long reservedMinor,
        String counterpartyAccountNumber)
        implements TransferEvent {}
