package io.bankcore.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Starts a pending transfer: holds the amount on the source until posted, voided or {@code expiresAt}. */
public record ReserveTransferCommand(
        @TargetAggregateIdentifier String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency,
        Instant expiresAt) {}
