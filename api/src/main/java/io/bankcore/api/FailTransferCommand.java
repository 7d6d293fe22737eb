package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a transfer did not happen. {@code code} is a domain error code; when the source was
 * debited and refunded, {@code refunded} is true and the sequences name the last events of each
 * account the transfer touched (-1 for none).
 */
public record FailTransferCommand(
        @TargetAggregateIdentifier String transferId,
        String code,
        String reason,
        boolean refunded,
        long fromSequence,
        long toSequence) {}
