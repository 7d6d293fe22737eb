package io.bankcore.api;

/** A pending transfer reached its expiry unsettled: its hold released, nothing moved. */
public record TransferExpiredEvent(
        String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency,
        long fromSequence)
        implements TransferEvent {}
