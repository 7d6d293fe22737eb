package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes a transfer's amount from its source account; applied at most once per transfer. */
public record DebitForTransferCommand(
        @TargetAggregateIdentifier String accountNumber,
        String transferId,
        long amountMinor,
        String currency,
        String counterpartyAccountNumber) {}
