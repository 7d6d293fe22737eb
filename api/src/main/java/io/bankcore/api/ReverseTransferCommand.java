package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves {@code amountMinor} of a completed transfer back from its destination to its source (null: all
 * that is left to reverse). {@code reversalId} is the reversal's own correlation id.
 */
public record ReverseTransferCommand(
        @TargetAggregateIdentifier String transferId, String reversalId, Long amountMinor) {}
