package io.bankcore.api;

/** The transfer did not happen: nothing moved, or the debit was refunded ({@code refunded}). */
public record TransferFailedEvent(
        String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency,
        String code,
        String reason,
        boolean refunded,
        long fromSequence,
        long toSequence)
        implements TransferEvent {}
