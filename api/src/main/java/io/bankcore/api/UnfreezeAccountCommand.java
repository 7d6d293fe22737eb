package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnfreezeAccountCommand(
        @TargetAggregateIdentifier String accountNumber) {}
