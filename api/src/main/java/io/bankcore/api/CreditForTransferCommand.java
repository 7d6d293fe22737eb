package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a transfer's amount to its destination account; applied at most once per transfer. */
public record CreditForTransferCommand(
        @TargetAggregateIdentifier String accountNumber,
        String transferId,
        long amountMinor,
        String currency,
        String counterpartyAccountNumber) {}
