package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import java.util.ArrayList;
import java.util.List;

/**
 * One account as its events leave it, folded event by event, and what its read-table row must then
 * show. The row is compared with the state at the projection's own position: its {@code last_sequence},
 * or further where the projection's token says it handled later events. Only that one state is kept,
 * and the ledger lines up to it only as a {@link LedgerDigest}: memory per account stays the same
 * however long its history. Lines past the row's position that no token covers yet wait in
 * {@link #beyond} (as many as the projection is behind).
 */
final class AccountFold {

    /** An account as the events leave it after one of its events. */
    record State(
            long balanceMinor,
            long reservedMinor,
            String status,
            String frozenDirection,
            String freezeReason,
            Memo memo,
            long overdraftLimitMinor) {

        static final State NONE = new State(0L, 0L, "ACTIVE", null, null, Memo.NONE, 0L);
    }

    private record Pending(String entryId, Line line) {}

    final String accountNumber;
    /** The read table's {@code last_sequence}, or -1 without a row. */
    final long rowSequence;

    String currency;
    boolean opened;
    long lastSequence = -1;
    long coveredSequence = -1;

    long balance;
    long reserved;
    long overdraftLimit;
    String status = "ACTIVE";
    String frozenDirection;
    String freezeReason;
    /** The memo the account was opened with, or last updated to. */
    Memo memo = Memo.NONE;

    /** The state at the projection's position (balances as carried by the events). */
    State atPosition = State.NONE;
    /** The lines up to the projection's position. */
    final LedgerDigest lines = new LedgerDigest();

    private final List<Pending> beyond = new ArrayList<>();

    AccountFold(String accountNumber, long rowSequence) {
        this.accountNumber = accountNumber;
        this.rowSequence = rowSequence;
    }

    /**
     * After each of the account's events, in sequence order: {@code carried} is the state the event
     * states (its balance), {@code line} its ledger line or null.
     */
    void recorded(long sequence, boolean covered, State carried, String eventId, Line line) {
        lastSequence = sequence;
        if (covered) {
            coveredSequence = sequence;
        }
        if (line != null) {
            beyond.add(new Pending(eventId, line));
        }
        if (sequence <= rowSequence || covered) {
            atPosition = carried;
            for (Pending pending : beyond) {
                lines.add(pending.entryId(), pending.line());
            }
            beyond.clear();
        }
    }

    /** The sequence the row is compared at (see the class comment); -1 without a row. */
    long position() {
        if (rowSequence < 0) {
            return -1;
        }
        return Math.min(Math.max(rowSequence, coveredSequence), lastSequence);
    }

    State state(long carriedBalance) {
        return new State(carriedBalance, reserved, status, frozenDirection, freezeReason, memo, overdraftLimit);
    }
}
