package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the pending transfer's deadline; a transfer no longer pending ignores it. */
public record ExpireTransferCommand(
        @TargetAggregateIdentifier String transferId) {}
