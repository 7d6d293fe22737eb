package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Starts a transfer; {@code transferId} is the correlation id every event of the transfer carries. */
public record RequestTransferCommand(
        @TargetAggregateIdentifier String transferId,
        String fromAccountNumber,
        String toAccountNumber,
        long amountMinor,
        String currency) {}
