package io.bankcore.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record VoidTransferCommand(@TargetAggregateIdentifier String transferId) {}
