package io.bankcore.query.replay;

import io.bankcore.api.Memo;
import io.bankcore.api.MetadataJson;
import io.bankcore.query.tables.AccountTables;
import io.bankcore.query.tables.ReadTables;
import io.bankcore.query.tables.TransferTables;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The read tables of a replay's bulk phase, kept in memory where rows change and streamed where they
 * do not: balance rows (one per account, changed by every event) and transfers not yet settled stay
 * in memory; ledger lines, settled transfers and reversals are appended to the new tables in large batches. The
 * same guards as the live tables apply (an event at or below an account's sequence changes nothing).
 *
 * <p>Not thread-safe: one replay thread applies the events in the event store's order.
 */
final class BulkReadTables implements AccountTables, TransferTables {

    private static final int FLUSH_ROWS = 20_000;

    private final RowSink sink;
    private final ReadTables tables;
    private final Map<String, Object[]> balances = new HashMap<>();
    private List<Object[]> entries = new ArrayList<>();
    private final Map<String, Object[]> pendingTransfers = new LinkedHashMap<>();
    private List<Object[]> settledTransfers = new ArrayList<>();
    private List<Object[]> reversals = new ArrayList<>();
    /** Settlements of transfers whose request was never seen: like the live projection, they change nothing. */
    private int orphanSettlements;

    BulkReadTables(RowSink sink, ReadTables tables) {
        this.sink = sink;
        this.tables = tables;
    }

    // Column positions, as in ReadTables' column lists.
    private static final int B_BALANCE = 3,
            B_SEQUENCE = 4,
            B_UPDATED = 6,
            B_RESERVED = 7,
            B_STATUS = 8,
            B_DIRECTION = 9,
            B_REASON = 10,
            B_DESCRIPTION = 11,
            B_METADATA = 12,
            B_OVERDRAFT_LIMIT = 13;
    private static final int T_STATUS = 1,
            T_FROM_BALANCE = 6,
            T_TO_BALANCE = 7,
            T_FROM_SEQUENCE = 8,
            T_TO_SEQUENCE = 9,
            T_CODE = 10,
            T_REASON = 11,
            T_REFUNDED = 12,
            T_FINISHED = 14,
            T_POSTED = 17;

    @Override
    public boolean open(
            String accountNumber,
            UUID accountId,
            String currency,
            long balanceMinor,
            long overdraftLimitMinor,
            long sequence,
            OffsetDateTime openedAt,
            Memo memo) {
        return balances.putIfAbsent(accountNumber, new Object[] {
                    accountNumber,
                    accountId,
                    currency,
                    balanceMinor,
                    sequence,
                    openedAt,
                    openedAt,
                    0L,
                    "ACTIVE",
                    null,
                    null,
                    memo.description(),
                    MetadataJson.write(memo.metadata()),
                    overdraftLimitMinor
                })
                == null;
    }

    @Override
    public boolean moveBalance(String accountNumber, long balanceMinor, long sequence, OffsetDateTime updatedAt) {
        Object[] row = balances.get(accountNumber);
        if (row == null) {
            throw new IllegalStateException("no balance row for account " + accountNumber);
        }
        if ((long) row[B_SEQUENCE] >= sequence) {
            return false;
        }
        row[B_BALANCE] = balanceMinor;
        row[B_SEQUENCE] = sequence;
        row[B_UPDATED] = updatedAt;
        return true;
    }

    @Override
    public boolean moveBalance(
            String accountNumber, long balanceMinor, long reservedMinor, long sequence, OffsetDateTime updatedAt) {
        if (!moveBalance(accountNumber, balanceMinor, sequence, updatedAt)) {
            return false;
        }
        balances.get(accountNumber)[B_RESERVED] = reservedMinor;
        return true;
    }

    @Override
    public void reserve(String accountNumber, long reservedMinor, long sequence, OffsetDateTime updatedAt) {
        Object[] row = advance(accountNumber, sequence, updatedAt);
        if (row != null) {
            row[B_RESERVED] = reservedMinor;
        }
    }

    @Override
    public void status(
            String accountNumber,
            String status,
            String frozenDirection,
            String freezeReason,
            long sequence,
            OffsetDateTime updatedAt) {
        Object[] row = advance(accountNumber, sequence, updatedAt);
        if (row != null) {
            row[B_STATUS] = status;
            row[B_DIRECTION] = frozenDirection;
            row[B_REASON] = freezeReason;
        }
    }

    /** The account's row moved to {@code sequence}, or null when it is already there (or unknown). */
    private Object[] advance(String accountNumber, long sequence, OffsetDateTime updatedAt) {
        Object[] row = balances.get(accountNumber);
        if (row == null || (long) row[B_SEQUENCE] >= sequence) {
            return null;
        }
        row[B_SEQUENCE] = sequence;
        row[B_UPDATED] = updatedAt;
        return row;
    }

    @Override
    public void describe(String accountNumber, Memo memo, long sequence, OffsetDateTime updatedAt) {
        Object[] row = advance(accountNumber, sequence, updatedAt);
        if (row != null) {
            row[B_DESCRIPTION] = memo.description();
            row[B_METADATA] = MetadataJson.write(memo.metadata());
        }
    }

    @Override
    public void overdraftLimit(
            String accountNumber, long overdraftLimitMinor, long sequence, OffsetDateTime updatedAt) {
        Object[] row = advance(accountNumber, sequence, updatedAt);
        if (row != null) {
            row[B_OVERDRAFT_LIMIT] = overdraftLimitMinor;
        }
    }

    @Override
    public void touch(String accountNumber, long sequence) {
        Object[] row = balances.get(accountNumber);
        if (row != null && (long) row[B_SEQUENCE] < sequence) {
            row[B_SEQUENCE] = sequence;
        }
    }

    @Override
    public void addEntry(Entry entry) {
        entries.add(entry.row());
    }

    @Override
    public void requested(
            String transferId,
            String fromAccount,
            String toAccount,
            long amountMinor,
            String currency,
            OffsetDateTime requestedAt,
            Memo memo) {
        pendingTransfers.putIfAbsent(
                transferId,
                unsettled(
                        transferId, "PENDING", fromAccount, toAccount, amountMinor, currency, requestedAt, null, memo));
    }

    @Override
    public void reserved(
            String transferId,
            String fromAccount,
            String toAccount,
            long amountMinor,
            String currency,
            OffsetDateTime expiresAt,
            OffsetDateTime requestedAt,
            Memo memo) {
        pendingTransfers.putIfAbsent(
                transferId,
                unsettled(
                        transferId,
                        "RESERVED",
                        fromAccount,
                        toAccount,
                        amountMinor,
                        currency,
                        requestedAt,
                        expiresAt,
                        memo));
    }

    @Override
    public void posted(
            String transferId,
            long postedMinor,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence,
            OffsetDateTime finishedAt) {
        Object[] row = pendingTransfers.remove(transferId);
        if (row == null) {
            orphanSettlements++;
            return;
        }
        row[T_STATUS] = "COMPLETED";
        row[T_POSTED] = postedMinor;
        row[T_FROM_BALANCE] = fromBalanceMinor;
        row[T_TO_BALANCE] = toBalanceMinor;
        row[T_FROM_SEQUENCE] = fromSequence;
        row[T_TO_SEQUENCE] = toSequence;
        row[T_FINISHED] = finishedAt;
        settledTransfers.add(row);
    }

    @Override
    public void released(String transferId, String status, long fromSequence, OffsetDateTime finishedAt) {
        Object[] row = pendingTransfers.remove(transferId);
        if (row == null) {
            orphanSettlements++;
            return;
        }
        row[T_STATUS] = status;
        row[T_FROM_SEQUENCE] = fromSequence;
        row[T_FINISHED] = finishedAt;
        settledTransfers.add(row);
    }

    @Override
    public void completed(
            String transferId,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence,
            OffsetDateTime finishedAt) {
        Object[] row = pendingTransfers.remove(transferId);
        if (row == null) {
            orphanSettlements++;
            return;
        }
        row[T_STATUS] = "COMPLETED";
        row[T_FROM_BALANCE] = fromBalanceMinor;
        row[T_TO_BALANCE] = toBalanceMinor;
        row[T_FROM_SEQUENCE] = fromSequence;
        row[T_TO_SEQUENCE] = toSequence;
        row[T_FINISHED] = finishedAt;
        settledTransfers.add(row);
    }

    @Override
    public void failed(
            String transferId,
            String code,
            String reason,
            boolean refunded,
            Long fromSequence,
            Long toSequence,
            OffsetDateTime finishedAt) {
        Object[] row = pendingTransfers.remove(transferId);
        if (row == null) {
            orphanSettlements++;
            return;
        }
        row[T_STATUS] = "FAILED";
        row[T_CODE] = code;
        row[T_REASON] = reason;
        row[T_REFUNDED] = refunded;
        row[T_FROM_SEQUENCE] = fromSequence;
        row[T_TO_SEQUENCE] = toSequence;
        row[T_FINISHED] = finishedAt;
        settledTransfers.add(row);
    }

    @Override
    public void reversed(Reversal reversal) {
        // A reversal follows its transfer's completion in the store: once each, never changed.
        reversals.add(reversal.row());
    }

    /** A transfer row before its end, in TRANSFER_COLUMNS' order; pending (two-phase) when it expires. */
    private static Object[] unsettled(
            String transferId,
            String status,
            String fromAccount,
            String toAccount,
            long amountMinor,
            String currency,
            OffsetDateTime requestedAt,
            OffsetDateTime expiresAt,
            Memo memo) {
        return new Object[] {
            transferId,
            status,
            fromAccount,
            toAccount,
            amountMinor,
            currency,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            requestedAt,
            null,
            expiresAt != null,
            expiresAt,
            null,
            memo.description(),
            MetadataJson.write(memo.metadata()),
            memo.batchId()
        };
    }

    @Override
    public void clearAccounts() {
        throw new UnsupportedOperationException("a replay never resets its own tables");
    }

    @Override
    public void clearTransfers() {
        throw new UnsupportedOperationException("a replay never resets its own tables");
    }

    /** Writes out the rows that can no longer change, once enough have gathered. */
    void flushIfLarge() throws SQLException {
        // The lists are handed over to the sink (which may write them later) and replaced.
        if (entries.size() >= FLUSH_ROWS) {
            sink.write(tables.ledger(), ReadTables.LEDGER_COLUMNS, entries);
            entries = new ArrayList<>();
        }
        if (reversals.size() >= FLUSH_ROWS) {
            sink.write(tables.reversal(), ReadTables.REVERSAL_COLUMNS, reversals);
            reversals = new ArrayList<>();
        }
        if (settledTransfers.size() >= FLUSH_ROWS) {
            sink.write(tables.transfer(), ReadTables.TRANSFER_COLUMNS, settledTransfers);
            settledTransfers = new ArrayList<>();
        }
    }

    /** Writes out everything: the balance rows, the remaining lines and every transfer. */
    void finish() throws SQLException {
        sink.write(tables.ledger(), ReadTables.LEDGER_COLUMNS, entries);
        entries = new ArrayList<>();
        settledTransfers.addAll(pendingTransfers.values());
        pendingTransfers.clear();
        sink.write(tables.transfer(), ReadTables.TRANSFER_COLUMNS, settledTransfers);
        settledTransfers = new ArrayList<>();
        sink.write(tables.reversal(), ReadTables.REVERSAL_COLUMNS, reversals);
        reversals = new ArrayList<>();
        sink.write(tables.balance(), ReadTables.BALANCE_COLUMNS, List.copyOf(balances.values()));
        balances.clear();
    }

    int orphanSettlements() {
        return orphanSettlements;
    }
}
