package io.bankcore.api;

/**
 * A pending transfer of {@code amountMinor} settled: {@code postedMinor} moved, the rest was released.
 * Carries both balances after it and both accounts' event sequences, as a completed transfer does.
 */
public record TransferPostedEvent(
        String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        long postedMinor,
        String currency,
        long fromBalanceMinor,
        long toBalanceMinor,
        long fromSequence,
        long toSequence)
        implements TransferEvent {}
