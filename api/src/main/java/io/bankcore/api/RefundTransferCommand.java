package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Returns a debited amount to the source account after the credit failed; applied at most once. */
public record RefundTransferCommand(
        @TargetAggregateIdentifier String accountNumber,
        String transferId,
        long amountMinor,
        String currency,
        String counterpartyAccountNumber) {}
