package io.bankcore.api;

/** A pending transfer was cancelled: its hold released, nothing moved; {@code fromSequence} is the release's. */
public record TransferVoidedEvent(
        String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency,
        long fromSequence)
        implements TransferEvent {}
