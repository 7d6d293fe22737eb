package io.bankcore.api;

/**
 * On the transfer's stream: {@code amountMinor} of it went back from the destination to the source
 * (reversal {@code reversalId}); {@code reversedMinor} is how much of it is reversed in all, now, at most
 * its settled amount. Carries both balances after it and both accounts' event sequences, as a completed
 * transfer does; "from" and "to" name the transfer's own accounts.
 */
public record TransferReversedEvent(
        String transferId,
        String reversalId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        long reversedMinor,
        String currency,
        long fromBalanceMinor,
        long toBalanceMinor,
        long fromSequence,
        long toSequence)
        implements TransferEvent {}
