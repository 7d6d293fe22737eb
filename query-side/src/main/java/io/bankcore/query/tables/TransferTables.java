package io.bankcore.query.tables;

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
            OffsetDateTime requestedAt);

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

    /** Empties the table (a reset of the processor). */
    void clearTransfers();
}
