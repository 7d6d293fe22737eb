package io.bankcore.query.tables;

import static io.bankcore.query.tables.ReadTables.BALANCE_COLUMNS;
import static io.bankcore.query.tables.ReadTables.LEDGER_COLUMNS;

import io.bankcore.api.Memo;
import io.bankcore.api.MetadataJson;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read tables of one generation, written statement by statement with plain SQL in the caller's
 * transaction. The live projections use it on {@link ReadTables#LIVE}; a replay uses it on
 * {@link ReadTables#NEXT} to catch up after its bulk copy. Statements are portable between PostgreSQL
 * and H2 (no {@code ON CONFLICT}). The live tables' writes of a write-pipeline batch of several requests
 * are held back and sent together before it commits (see {@link HeldWrites}).
 */
public final class JdbcReadTables implements AccountTables, TransferTables {

    /** What {@link #update} answers for a write held back: it will be checked when it is sent. */
    private static final int HELD = -1;

    private final JdbcTemplate jdbc;
    private final ReadTables tables;
    private final HeldWrites held;
    private final String openAccount;
    private final String moveBalance;
    private final String touch;
    private final String moveBalanceAndReserved;
    private final String reserve;
    private final String status;
    private final String describe;
    private final String overdraftLimit;
    private final String reserveTransfer;
    private final String postTransfer;
    private final String releaseTransfer;
    private final String insertEntry;
    private final String requestTransfer;
    private final String completeTransfer;
    private final String failTransfer;
    private final String insertReversal;

    /** Tables written statement by statement, whatever thread writes them. */
    public JdbcReadTables(JdbcTemplate jdbc, ReadTables tables) {
        this(jdbc, tables, null);
    }

    /** Tables whose writes in a batch of the write pipeline are held back by {@code held} (null: none). */
    public JdbcReadTables(JdbcTemplate jdbc, ReadTables tables, HeldWrites held) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.held = held;
        boolean postgres = isPostgres(jdbc);
        String json = ReadTables.placeholder("metadata", postgres);
        String placeholders = ReadTables.placeholders(BALANCE_COLUMNS, postgres);
        this.openAccount = "INSERT INTO " + tables.balance() + " (" + String.join(", ", BALANCE_COLUMNS) + ") SELECT "
                + placeholders + " WHERE NOT EXISTS (SELECT 1 FROM " + tables.balance() + " WHERE account_number = ?)";
        this.moveBalance = "UPDATE " + tables.balance() + " SET balance_minor = ?, last_sequence = ?, updated_at = ?"
                + " WHERE account_number = ? AND last_sequence < ?";
        this.touch =
                "UPDATE " + tables.balance() + " SET last_sequence = ? WHERE account_number = ? AND last_sequence < ?";
        this.moveBalanceAndReserved = "UPDATE " + tables.balance() + " SET balance_minor = ?, reserved_minor = ?,"
                + " last_sequence = ?, updated_at = ? WHERE account_number = ? AND last_sequence < ?";
        this.reserve = "UPDATE " + tables.balance() + " SET reserved_minor = ?, last_sequence = ?, updated_at = ?"
                + " WHERE account_number = ? AND last_sequence < ?";
        this.status = "UPDATE " + tables.balance() + " SET status = ?, frozen_direction = ?, freeze_reason = ?,"
                + " last_sequence = ?, updated_at = ? WHERE account_number = ? AND last_sequence < ?";
        this.describe = "UPDATE " + tables.balance() + " SET description = ?, metadata = " + json
                + ", last_sequence = ?, updated_at = ? WHERE account_number = ? AND last_sequence < ?";
        this.overdraftLimit = "UPDATE " + tables.balance() + " SET overdraft_limit_minor = ?, last_sequence = ?,"
                + " updated_at = ? WHERE account_number = ? AND last_sequence < ?";
        this.reserveTransfer = "INSERT INTO " + tables.transfer() + " (transfer_id, status, from_account_number,"
                + " to_account_number, amount_minor, currency, refunded, requested_at, pending, expires_at,"
                + " description, metadata) SELECT ?, 'RESERVED', ?, ?, ?, ?, FALSE, ?, TRUE, ?, ?, " + json
                + " WHERE NOT EXISTS (SELECT 1 FROM "
                + tables.transfer() + " WHERE transfer_id = ?)";
        this.postTransfer = "UPDATE " + tables.transfer() + " SET status = 'COMPLETED', posted_amount_minor = ?,"
                + " from_balance_minor = ?, to_balance_minor = ?, from_sequence = ?, to_sequence = ?, finished_at = ?"
                + " WHERE transfer_id = ?";
        this.releaseTransfer = "UPDATE " + tables.transfer() + " SET status = ?, from_sequence = ?, finished_at = ?"
                + " WHERE transfer_id = ?";
        this.insertEntry = ReadTables.insert(tables.ledger(), LEDGER_COLUMNS, postgres);
        this.requestTransfer = "INSERT INTO " + tables.transfer() + " (transfer_id, status, from_account_number,"
                + " to_account_number, amount_minor, currency, refunded, requested_at, description, metadata, batch_id)"
                + " SELECT ?, 'PENDING', ?, ?, ?, ?, FALSE, ?, ?, " + json + ", ? WHERE NOT EXISTS (SELECT 1 FROM "
                + tables.transfer()
                + " WHERE transfer_id = ?)";
        this.completeTransfer = "UPDATE " + tables.transfer() + " SET status = 'COMPLETED', from_balance_minor = ?,"
                + " to_balance_minor = ?, from_sequence = ?, to_sequence = ?, finished_at = ? WHERE transfer_id = ?";
        this.failTransfer = "UPDATE " + tables.transfer() + " SET status = 'FAILED', failure_code = ?,"
                + " failure_reason = ?, refunded = ?, from_sequence = ?, to_sequence = ?, finished_at = ?"
                + " WHERE transfer_id = ?";
        this.insertReversal = "INSERT INTO " + tables.reversal() + " ("
                + String.join(", ", ReadTables.REVERSAL_COLUMNS) + ") SELECT "
                + ReadTables.placeholders(ReadTables.REVERSAL_COLUMNS, postgres) + " WHERE NOT EXISTS (SELECT 1 FROM "
                + tables.reversal() + " WHERE reversal_id = ?)";
    }

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
        int opened = update(
                openAccount,
                balanceRow(accountNumber),
                true,
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
                overdraftLimitMinor,
                accountNumber);
        return opened == HELD || opened == 1;
    }

    @Override
    public boolean moveBalance(String accountNumber, long balanceMinor, long sequence, OffsetDateTime updatedAt) {
        int moved = update(
                moveBalance,
                balanceRow(accountNumber),
                true,
                balanceMinor,
                sequence,
                updatedAt,
                accountNumber,
                sequence);
        if (moved == HELD || moved == 1) {
            return true;
        }
        requireRow(accountNumber);
        return false;
    }

    private void requireRow(String accountNumber) {
        Integer rows = jdbc.queryForObject(
                "SELECT COUNT(*) FROM " + tables.balance() + " WHERE account_number = ?", Integer.class, accountNumber);
        if (rows == null || rows == 0) {
            // The account's opening event is always handled first (same aggregate, same segment).
            throw new IllegalStateException("no balance row for account " + accountNumber);
        }
    }

    @Override
    public boolean moveBalance(
            String accountNumber, long balanceMinor, long reservedMinor, long sequence, OffsetDateTime updatedAt) {
        int moved = update(
                moveBalanceAndReserved,
                balanceRow(accountNumber),
                true,
                balanceMinor,
                reservedMinor,
                sequence,
                updatedAt,
                accountNumber,
                sequence);
        if (moved == HELD || moved == 1) {
            return true;
        }
        requireRow(accountNumber);
        return false;
    }

    @Override
    public void reserve(String accountNumber, long reservedMinor, long sequence, OffsetDateTime updatedAt) {
        update(reserve, balanceRow(accountNumber), false, reservedMinor, sequence, updatedAt, accountNumber, sequence);
    }

    @Override
    public void status(
            String accountNumber,
            String status,
            String frozenDirection,
            String freezeReason,
            long sequence,
            OffsetDateTime updatedAt) {
        update(
                this.status,
                balanceRow(accountNumber),
                false,
                status,
                frozenDirection,
                freezeReason,
                sequence,
                updatedAt,
                accountNumber,
                sequence);
    }

    @Override
    public void describe(String accountNumber, Memo memo, long sequence, OffsetDateTime updatedAt) {
        update(
                describe,
                balanceRow(accountNumber),
                false,
                memo.description(),
                MetadataJson.write(memo.metadata()),
                sequence,
                updatedAt,
                accountNumber,
                sequence);
    }

    @Override
    public void overdraftLimit(
            String accountNumber, long overdraftLimitMinor, long sequence, OffsetDateTime updatedAt) {
        update(
                overdraftLimit,
                balanceRow(accountNumber),
                false,
                overdraftLimitMinor,
                sequence,
                updatedAt,
                accountNumber,
                sequence);
    }

    @Override
    public void touch(String accountNumber, long sequence) {
        update(touch, balanceRow(accountNumber), false, sequence, accountNumber, sequence);
    }

    @Override
    public void addEntry(Entry entry) {
        update(insertEntry, null, false, entry.row());
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
        update(
                requestTransfer,
                transferRow(transferId),
                false,
                transferId,
                fromAccount,
                toAccount,
                amountMinor,
                currency,
                requestedAt,
                memo.description(),
                MetadataJson.write(memo.metadata()),
                memo.batchId(),
                transferId);
    }

    @Override
    public void completed(
            String transferId,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence,
            OffsetDateTime finishedAt) {
        update(
                completeTransfer,
                transferRow(transferId),
                false,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence,
                finishedAt,
                transferId);
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
        update(
                failTransfer,
                transferRow(transferId),
                false,
                code,
                reason,
                refunded,
                fromSequence,
                toSequence,
                finishedAt,
                transferId);
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
        update(
                reserveTransfer,
                transferRow(transferId),
                false,
                transferId,
                fromAccount,
                toAccount,
                amountMinor,
                currency,
                requestedAt,
                expiresAt,
                memo.description(),
                MetadataJson.write(memo.metadata()),
                transferId);
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
        update(
                postTransfer,
                transferRow(transferId),
                false,
                postedMinor,
                fromBalanceMinor,
                toBalanceMinor,
                fromSequence,
                toSequence,
                finishedAt,
                transferId);
    }

    @Override
    public void released(String transferId, String status, long fromSequence, OffsetDateTime finishedAt) {
        update(releaseTransfer, transferRow(transferId), false, status, fromSequence, finishedAt, transferId);
    }

    @Override
    public void reversed(Reversal reversal) {
        Object[] row = reversal.row();
        Object[] arguments = java.util.Arrays.copyOf(row, row.length + 1);
        arguments[row.length] = reversal.reversalId();
        update(insertReversal, null, false, arguments);
    }

    /**
     * Runs a write now, or holds it back in the current batch (then {@link #HELD}, and one that must
     * change a row is checked when it is sent).
     *
     * @return the number of rows it changed, or {@link #HELD}
     */
    private int update(String sql, String row, boolean mustChange, Object... arguments) {
        if (held != null && held.hold(sql, row, mustChange, arguments)) {
            return HELD;
        }
        return jdbc.update(sql, arguments);
    }

    /** Whether the tables are PostgreSQL's, whose metadata column is jsonb. */
    public static boolean isPostgres(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) -> c.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(java.util.Locale.ROOT)
                .contains("postgres")));
    }

    private static String balanceRow(String accountNumber) {
        return "account " + accountNumber;
    }

    private static String transferRow(String transferId) {
        return "transfer " + transferId;
    }

    @Override
    public void clearAccounts() {
        jdbc.update("DELETE FROM " + tables.ledger());
        jdbc.update("DELETE FROM " + tables.balance());
    }

    @Override
    public void clearTransfers() {
        jdbc.update("DELETE FROM " + tables.reversal());
        jdbc.update("DELETE FROM " + tables.transfer());
    }
}
