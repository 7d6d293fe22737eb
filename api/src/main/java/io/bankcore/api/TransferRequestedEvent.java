package io.bankcore.api;

public record TransferRequestedEvent(
        String transferId, String fromAccountNumber, String toAccountNumber, long amountMinor, String currency)
        implements TransferEvent {}
