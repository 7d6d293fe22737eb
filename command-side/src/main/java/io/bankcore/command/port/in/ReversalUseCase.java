package io.bankcore.command.port.in;

import io.bankcore.api.Memo;
import io.bankcore.api.ReversalReply;

/** Reversals of completed transfers: all or part of what a transfer moved goes back to its source. */
public interface ReversalUseCase {

    /** Reverses {@code amountMinor} of the transfer; null reverses all that is left to reverse. */
    ReversalReply reverse(String transferId, Long amountMinor, Memo memo);

    default ReversalReply reverse(String transferId, Long amountMinor) {
        return reverse(transferId, amountMinor, Memo.NONE);
    }
}
