package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves {@code amountMinor} of a pending transfer (null: all of it) and releases the rest. */
public record PostTransferCommand(@TargetAggregateIdentifier String transferId, Long amountMinor) {}
