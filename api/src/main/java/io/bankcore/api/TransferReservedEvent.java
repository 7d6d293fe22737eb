package io.bankcore.api;

import java.time.Instant;

/** A pending transfer: its amount is held on the source until posted, voided, or {@code expiresAt}. */
public record TransferReservedEvent(
        String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency,
        Instant expiresAt)
        implements TransferEvent {}
