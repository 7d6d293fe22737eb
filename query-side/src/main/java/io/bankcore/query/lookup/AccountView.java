package io.bankcore.query.lookup;

import io.bankcore.api.AvailableBalance;
import io.bankcore.api.Memo;
import java.time.Instant;

/**
 * An account as the account projection last saw it: who it is, its status and its balances (the posted
 * balance, the part of it held by open reservations, and the overdraft limit).
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
        Memo memo,
        long overdraftLimitMinor) {

    /** The balance plus the overdraft limit less the reservations, never below 0: what a debit may take. */
    public long availableMinor() {
        return AvailableBalance.of(balanceMinor, overdraftLimitMinor, reservedMinor);
    }
}
