package io.bankcore.query.tables;

import io.bankcore.api.Memo;
import java.time.OffsetDateTime;

/**
 * Where the transfer projection writes: one row per transfer. Recording a request twice keeps the
 * first row, and settling writes the same values however often it is applied.
 */
public interface TransferTables {

    /** A reversal of a completed transfer: one row each, never changed once written. */
    record Reversal(
            String reversalId,
            String transferId,
            String fromAccount,
            String toAccount,
            long amountMinor,
            long reversedMinor,
            String currency,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence,
            OffsetDateTime reversedAt,
            Memo memo) {

        /** In {@link ReadTables#REVERSAL_COLUMNS}' order. */
        public Object[] row() {
            return new Object[] {
                reversalId,
                transferId,
                fromAccount,
                toAccount,
                amountMinor,
                reversedMinor,
                currency,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence,
                reversedAt,
                memo.description(),
                io.bankcore.api.MetadataJson.write(memo.metadata())
            };
        }
    }

    void requested(
            String transferId,
            String fromAccount,
            String toAccount,
            long amountMinor,
            String currency,
            OffsetDateTime requestedAt,
            Memo memo);

    void completed(
            String transferId,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence,
            OffsetDateTime finishedAt);

    void failed(
            String transferId,
            String code,
            String reason,
            boolean refunded,
            Long fromSequence,
            Long toSequence,
            OffsetDateTime finishedAt);

    /** A pending transfer, RESERVED until it ends; recording it twice keeps the first row. */
    void reserved(
            String transferId,
            String fromAccount,
            String toAccount,
            long amountMinor,
            String currency,
            OffsetDateTime expiresAt,
            OffsetDateTime requestedAt,
            Memo memo);

    /** A pending transfer posted: COMPLETED with the amount that moved. */
    void posted(
            String transferId,
            long postedMinor,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence,
            OffsetDateTime finishedAt);

    /** A pending transfer ended without moving money: {@code status} VOIDED or EXPIRED. */
    void released(String transferId, String status, long fromSequence, OffsetDateTime finishedAt);

    /** Records a reversal; recording it twice keeps the first row. */
    void reversed(Reversal reversal);

    /** Empties the tables (a reset of the processor). */
    void clearTransfers();
}
