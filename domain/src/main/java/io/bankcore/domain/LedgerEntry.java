package io.bankcore.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One line of an account's ledger. Transfer lines carry the transfer's correlation id and the other
 * account's number; other lines carry neither.
 */
public record LedgerEntry(
        UUID entryId,
        AccountNumber account,
        EntryType type,
        Money amount,
        Optional<UUID> correlationId,
        Optional<AccountNumber> counterparty,
        Instant occurredAt) {

    public LedgerEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(counterparty, "counterparty");
        Objects.requireNonNull(occurredAt, "occurredAt");
        boolean transfer = type != EntryType.DEPOSIT && type != EntryType.WITHDRAWAL;
        if (transfer != correlationId.isPresent() || transfer != counterparty.isPresent()) {
            throw new IllegalArgumentException(
                    "transfer entries need a correlation id and a counterparty; other entries have neither");
        }
        if (counterparty.isPresent() && counterparty.get().equals(account)) {
            throw new IllegalArgumentException("a transfer entry's counterparty is another account");
        }
        if (amount.isZero()) {
            throw new InvalidMoney("a ledger entry moves a positive amount");
        }
    }
}
