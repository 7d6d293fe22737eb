package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record WithdrawMoneyCommand(
        @TargetAggregateIdentifier String accountNumber, long amountMinor, String currency) {}
