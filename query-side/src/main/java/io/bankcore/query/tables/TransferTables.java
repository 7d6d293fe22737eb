package io.bankcore.query.tables;

import io.bankcore.api.Memo;
import java.time.OffsetDateTime;

/**
 * Where the transfer projection writes: one row per transfer. Recording a request twice keeps the
 * first row, and settling writes the same values however often it is applied.
 */
public interface TransferTables {

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

    /** Empties the table (a reset of the processor). */
    void clearTransfers();
}
