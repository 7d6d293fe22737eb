package io.bankcore.query.tables;

import io.bankcore.api.Memo;
import io.bankcore.api.MetadataJson;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Where the account projection writes: one balance row per account and one ledger line per event
 * that moved money. Every change is guarded by the account's event sequence, so applying an event a
 * second time changes nothing; that is what lets a replay and the live projection overlap safely.
 */
public interface AccountTables {

    /** A ledger line; its identifier is the event's. */
    record Entry(
            UUID entryId,
            String accountNumber,
            long sequence,
            String entryType,
            long amountMinor,
            String currency,
            String correlationId,
            String counterparty,
            OffsetDateTime occurredAt,
            Memo memo) {

        public Object[] row() {
            return new Object[] {
                entryId,
                accountNumber,
                sequence,
                entryType,
                amountMinor,
                currency,
                correlationId,
                counterparty,
                occurredAt,
                memo.description(),
                MetadataJson.write(memo.metadata()),
                memo.batchId()
            };
        }
    }

    /**
     * Creates the account's balance row at {@code sequence}.
     *
     * @return false if the row already exists (the opening was applied before), and nothing changed
     */
    boolean open(
            String accountNumber,
            UUID accountId,
            String currency,
            long balanceMinor,
            long overdraftLimitMinor,
            long sequence,
            OffsetDateTime openedAt,
            Memo memo);

    /**
     * Moves the account's row to {@code sequence} with a new balance.
     *
     * @return false if the row is already at or past {@code sequence} (applied before), and nothing changed
     * @throws IllegalStateException if the account has no row
     */
    boolean moveBalance(String accountNumber, long balanceMinor, long sequence, OffsetDateTime updatedAt);

    /**
     * Moves the account's row to {@code sequence} with a new balance and reserved total (a posted
     * reservation).
     *
     * @return false if the row is already at or past {@code sequence}, and nothing changed
     */
    boolean moveBalance(
            String accountNumber, long balanceMinor, long reservedMinor, long sequence, OffsetDateTime updatedAt);

    /** Moves the account's row to {@code sequence} with a new reserved total; no-op if already there. */
    void reserve(String accountNumber, long reservedMinor, long sequence, OffsetDateTime updatedAt);

    /**
     * Moves the account's row to {@code sequence} with a new status ({@code ACTIVE}, {@code FROZEN},
     * {@code CLOSED}) and, when frozen, the freeze's direction and reason; no-op if already there.
     */
    void status(
            String accountNumber,
            String status,
            String frozenDirection,
            String freezeReason,
            long sequence,
            OffsetDateTime updatedAt);

    /** Moves the account's row to {@code sequence} with a new description and metadata; no-op if already there. */
    void describe(String accountNumber, Memo memo, long sequence, OffsetDateTime updatedAt);

    /** Moves the account's row to {@code sequence} with a new overdraft limit; no-op if already there. */
    void overdraftLimit(String accountNumber, long overdraftLimitMinor, long sequence, OffsetDateTime updatedAt);

    /** Moves the account's row to {@code sequence} without changing its balance; no-op if already there. */
    void touch(String accountNumber, long sequence);

    /** Adds a ledger line; called only after {@link #open} or {@link #moveBalance} answered true. */
    void addEntry(Entry entry);

    /** Empties both tables (a reset of the processor). */
    void clearAccounts();
}
