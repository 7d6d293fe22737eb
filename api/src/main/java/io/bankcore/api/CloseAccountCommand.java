package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CloseAccountCommand(@TargetAggregateIdentifier String accountNumber) {}
