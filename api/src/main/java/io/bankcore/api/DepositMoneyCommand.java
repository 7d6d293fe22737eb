package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DepositMoneyCommand(@TargetAggregateIdentifier String accountNumber, long amountMinor, String currency) {}
