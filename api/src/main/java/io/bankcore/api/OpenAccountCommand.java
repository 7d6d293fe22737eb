package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens an account under a number that must not exist yet; an initial balance above 0 is its first deposit. */
public record OpenAccountCommand(
        @TargetAggregateIdentifier String accountNumber, String accountId, long initialBalanceMinor, String currency) {}
