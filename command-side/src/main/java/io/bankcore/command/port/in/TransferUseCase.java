package io.bankcore.command.port.in;

import io.bankcore.api.Memo;
import io.bankcore.command.transfer.TransferReply;

public interface TransferUseCase {

    /**
     * Checks a transfer against both accounts and starts it. Answers once it is recorded: with its
     * outcome when it settled in the same transaction (both accounts handled by this instance), without
     * one when the saga goes on elsewhere.
     */
    TransferReply requestTransfer(
            String fromAccountNumber, String toAccountNumber, long amountMinor, String currency, Memo memo);

    default TransferReply requestTransfer(
            String fromAccountNumber, String toAccountNumber, long amountMinor, String currency) {
        return requestTransfer(fromAccountNumber, toAccountNumber, amountMinor, currency, Memo.NONE);
    }
}
