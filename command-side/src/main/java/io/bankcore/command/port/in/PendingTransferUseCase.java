package io.bankcore.command.port.in;

import io.bankcore.api.Memo;
import io.bankcore.api.PendingTransferReply;
import java.time.Duration;

/** Two-phase transfers: reserve the amount on the source, then post (all or part of it) or void it. */
public interface PendingTransferUseCase {

    PendingTransferReply reserve(
            String fromAccountNumber,
            String toAccountNumber,
            long amountMinor,
            String currency,
            Duration timeout,
            Memo memo);

    default PendingTransferReply reserve(
            String fromAccountNumber, String toAccountNumber, long amountMinor, String currency, Duration timeout) {
        return reserve(fromAccountNumber, toAccountNumber, amountMinor, currency, timeout, Memo.NONE);
    }

    /** Posts {@code amountMinor} of the reservation; null posts all of it. */
    PendingTransferReply post(String transferId, Long amountMinor, Memo memo);

    default PendingTransferReply post(String transferId, Long amountMinor) {
        return post(transferId, amountMinor, Memo.NONE);
    }

    PendingTransferReply voidTransfer(String transferId, Memo memo);

    default PendingTransferReply voidTransfer(String transferId) {
        return voidTransfer(transferId, Memo.NONE);
    }
}
