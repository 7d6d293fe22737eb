package io.bankcore.api;

import java.time.Instant;

/**
 * A transfer as the transfers projection last saw it. {@code status} is PENDING, COMPLETED or FAILED;
 * balances and sequences are known once COMPLETED (and sequences for a refunded FAILED). A pending
 * (two-phase) transfer is RESERVED until posted (COMPLETED, with {@code postedMinor}), VOIDED or
 * EXPIRED; it has an {@code expiresAt}. A completed transfer may have reversals: {@code reversedMinor} is
 * what they moved back in all, {@code reversals} each of them, oldest first.
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
        Instant finishedAt,
        boolean pending,
        Instant expiresAt,
        Long postedMinor,
        Memo memo,
        long reversedMinor,
        java.util.List<ReversalView> reversals) {

    public TransferView {
        memo = memo == null ? Memo.NONE : memo;
        reversals = reversals == null ? java.util.List.of() : java.util.List.copyOf(reversals);
    }

    /** A transfer without reversals. */
    public TransferView(
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
            Instant finishedAt,
            boolean pending,
            Instant expiresAt,
            Long postedMinor,
            Memo memo) {
        this(
                transferId,
                status,
                fromAccountNumber,
                toAccountNumber,
                amountMinor,
                currency,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence,
                failureCode,
                failureReason,
                refunded,
                requestedAt,
                finishedAt,
                pending,
                expiresAt,
                postedMinor,
                memo,
                0,
                java.util.List.of());
    }

    /** This transfer with its reversals. */
    public TransferView withReversals(java.util.List<ReversalView> reversals) {
        long reversed = reversals.stream().mapToLong(ReversalView::amountMinor).sum();
        return new TransferView(
                transferId,
                status,
                fromAccountNumber,
                toAccountNumber,
                amountMinor,
                currency,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence,
                failureCode,
                failureReason,
                refunded,
                requestedAt,
                finishedAt,
                pending,
                expiresAt,
                postedMinor,
                memo,
                reversed,
                reversals);
    }

    /** A transfer that was never pending. */
    public TransferView(
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
            Instant finishedAt) {
        this(
                transferId,
                status,
                fromAccountNumber,
                toAccountNumber,
                amountMinor,
                currency,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence,
                failureCode,
                failureReason,
                refunded,
                requestedAt,
                finishedAt,
                false,
                null,
                null,
                Memo.NONE,
                0,
                java.util.List.of());
    }
}
