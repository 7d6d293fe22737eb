package io.bankcore.api;

/** On the destination account's stream: the domain refused the credit; nothing moved. */
public record TransferCreditRejectedEvent(String accountNumber, String transferId, String code, String reason)
        implements TransferEvent {}
