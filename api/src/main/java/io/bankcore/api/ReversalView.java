package io.bankcore.api;

import java.time.Instant;

/**
 * One reversal of a transfer, as the transfers projection recorded it: {@code amountMinor} went back,
 * {@code reversedMinor} of the transfer was reversed in all after it, and the balances of the transfer's
 * own accounts after it ("from" is the transfer's source, which the reversal credited).
 */
public record ReversalView(
        String reversalId,
        long amountMinor,
        long reversedMinor,
        long fromBalanceMinor,
        long toBalanceMinor,
        Instant reversedAt,
        Memo memo) {

    public ReversalView {
        memo = memo == null ? Memo.NONE : memo;
    }
}
