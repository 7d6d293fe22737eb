package io.bankcore.query.lookup;

import io.bankcore.api.Memo;
import java.time.Instant;

/**
 * An account as the account projection last saw it: who it is, its status and its balances (the posted
 * balance and the part of it held by open reservations).
 */
public record AccountView(
        String accountNumber,
        String accountId,
        String currency,
        String status,
        String frozenDirection,
        String freezeReason,
        long balanceMinor,
        long reservedMinor,
        Instant openedAt,
        Memo memo) {

    public long availableMinor() {
        return balanceMinor - reservedMinor;
    }
}
