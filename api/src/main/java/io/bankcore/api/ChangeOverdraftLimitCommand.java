package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets how far below zero an account's balance may go, in the account's currency (minor units, >= 0). */
public record ChangeOverdraftLimitCommand(
        @TargetAggregateIdentifier String accountNumber, long overdraftLimitMinor) {}
