package io.bankcore.api;

/** On the source account's stream: the domain refused the debit; nothing moved. */
public record TransferDebitRejectedEvent(String accountNumber, String transferId, String code, String reason)
        implements TransferEvent {}
