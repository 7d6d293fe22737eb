package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that both legs are done, with each account's balance and event sequence after its leg. */
public record CompleteTransferCommand(
        @TargetAggregateIdentifier String transferId,
        long fromBalanceMinor,
        long toBalanceMinor,
        long fromSequence,
        long toSequence) {}
