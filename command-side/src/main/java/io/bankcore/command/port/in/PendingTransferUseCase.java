package io.bankcore.command.port.in;

import io.bankcore.api.PendingTransferReply;
import java.time.Duration;

/** Two-phase transfers: reserve the amount on the source, then post (all or part of it) or void it. */
public interface PendingTransferUseCase {

    PendingTransferReply reserve(
            String fromAccountNumber, String toAccountNumber, long amountMinor, String currency, Duration timeout);

    /** Posts {@code amountMinor} of the reservation; null posts all of it. */
    PendingTransferReply post(String transferId, Long amountMinor);

    PendingTransferReply voidTransfer(String transferId);
}
