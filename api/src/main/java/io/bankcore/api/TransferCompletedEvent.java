package io.bankcore.api;

/** Both legs are done; carries the balances after them, so a reply never re-reads a lagging table. */
public record TransferCompletedEvent(
        String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency,
        long fromBalanceMinor,
        long toBalanceMinor,
        long fromSequence,
        long toSequence)
        implements TransferEvent {}
