package io.bankcore.api;

import java.time.Instant;

/**
 * A transfer as the transfers projection last saw it. {@code status} is PENDING, COMPLETED or FAILED;
 * balances and sequences are known once COMPLETED (and sequences for a refunded FAILED).
 */
public record TransferView(
        String transferId,
        String status,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency,
        Long fromBalanceMinor,
        Long toBalanceMinor,
        Long fromSequence,
        Long toSequence,
        String failureCode,
        String failureReason,
        boolean refunded,
        Instant requestedAt,
        Instant finishedAt) {}
