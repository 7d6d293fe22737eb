package io.bankcore.api;

/**
 * What a reversal did: {@code amountMinor} went back, {@code reversedMinor} of the transfer is reversed
 * in all. Balances and sequences are those of the transfer's own accounts ("from" is its source, which
 * the reversal credited), after the reversal.
 */
public record ReversalReply(
        String reversalId,
        String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        long reversedMinor,
        long transferredMinor,
        String currency,
        long fromBalanceMinor,
        long toBalanceMinor,
        long fromSequence,
        long toSequence) {}
