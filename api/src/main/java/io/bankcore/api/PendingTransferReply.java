package io.bankcore.api;

import java.time.Instant;

/**
 * What reserving, posting or voiding answers: the transfer after it ({@code status} RESERVED, COMPLETED
 * or VOIDED) and the accounts' state right after it (the destination's only once posted), with their
 * event sequences, so a caller can wait until the read models have reached them.
 */
public record PendingTransferReply(
        String transferId,
        String status,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        Long postedMinor,
        String currency,
        Instant expiresAt,
        long fromBalanceMinor,
        long fromAvailableMinor,
        long fromSequence,
        Long toBalanceMinor,
        Long toSequence) {}
