package io.bankcore.api;

import java.time.Instant;

/** One ledger line as served to clients; {@code sequence} orders lines within the account. */
public record LedgerEntryView(
        String entryId,
        String entryType,
        long amountMinor,
        String currency,
        String correlationId,
        Instant occurredAt,
        String counterpartyAccountNumber,
        long sequence,
        Memo memo) {

    public LedgerEntryView {
        memo = memo == null ? Memo.NONE : memo;
    }

    /** A line without a memo. */
    public LedgerEntryView(
            String entryId,
            String entryType,
            long amountMinor,
            String currency,
            String correlationId,
            Instant occurredAt,
            String counterpartyAccountNumber,
            long sequence) {
        this(
                entryId,
                entryType,
                amountMinor,
                currency,
                correlationId,
                occurredAt,
                counterpartyAccountNumber,
                sequence,
                Memo.NONE);
    }
}
