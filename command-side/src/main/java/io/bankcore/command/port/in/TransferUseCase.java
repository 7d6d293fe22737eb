package io.bankcore.command.port.in;

public interface TransferUseCase {

    /**
     * Starts a transfer and answers its id (the correlation id) once it is recorded; the money moves
     * afterwards, in the transfer saga.
     */
    String requestTransfer(String fromAccountNumber, String toAccountNumber, long amountMinor, String currency);
}
