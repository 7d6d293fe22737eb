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
        long sequence) {}
