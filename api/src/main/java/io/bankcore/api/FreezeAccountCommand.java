package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Freezes an account in {@code direction} ({@code ALL}, {@code DEBITS} or {@code CREDITS}) for {@code reason}. */
public record FreezeAccountCommand(
        @TargetAggregateIdentifier String accountNumber, String direction, String reason) {}
