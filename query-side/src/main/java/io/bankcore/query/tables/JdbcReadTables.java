package io.bankcore.query.tables;

import static io.bankcore.query.tables.ReadTables.BALANCE_COLUMNS;
import static io.bankcore.query.tables.ReadTables.LEDGER_COLUMNS;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read tables of one generation, written statement by statement with plain SQL in the caller's
 * transaction. The live projections use it on {@link ReadTables#LIVE}; a replay uses it on
 * {@link ReadTables#NEXT} to catch up after its bulk copy. Statements are portable between PostgreSQL
 * and H2 (no {@code ON CONFLICT}).
 */
public final class JdbcReadTables implements AccountTables, TransferTables {

    private final JdbcTemplate jdbc;
    private final ReadTables tables;
    private final String openAccount;
    private final String moveBalance;
    private final String touch;
    private final String moveBalanceAndReserved;
    private final String reserve;
    private final String status;
    private final String reserveTransfer;
    private final String postTransfer;
    private final String releaseTransfer;
    private final String insertEntry;
    private final String requestTransfer;
    private final String completeTransfer;
    private final String failTransfer;

    public JdbcReadTables(JdbcTemplate jdbc, ReadTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
        String placeholders =
                String.join(", ", BALANCE_COLUMNS.stream().map(c -> "?").toList());
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
        this.reserveTransfer = "INSERT INTO " + tables.transfer() + " (transfer_id, status, from_account_number,"
                + " to_account_number, amount_minor, currency, refunded, requested_at, pending, expires_at)"
                + " SELECT ?, 'RESERVED', ?, ?, ?, ?, FALSE, ?, TRUE, ? WHERE NOT EXISTS (SELECT 1 FROM "
                + tables.transfer() + " WHERE transfer_id = ?)";
        this.postTransfer = "UPDATE " + tables.transfer() + " SET status = 'COMPLETED', posted_amount_minor = ?,"
                + " from_balance_minor = ?, to_balance_minor = ?, from_sequence = ?, to_sequence = ?, finished_at = ?"
                + " WHERE transfer_id = ?";
        this.releaseTransfer = "UPDATE " + tables.transfer() + " SET status = ?, from_sequence = ?, finished_at = ?"
                + " WHERE transfer_id = ?";
        this.insertEntry = ReadTables.insert(tables.ledger(), LEDGER_COLUMNS);
        this.requestTransfer = "INSERT INTO " + tables.transfer() + " (transfer_id, status, from_account_number,"
                + " to_account_number, amount_minor, currency, refunded, requested_at)"
                + " SELECT ?, 'PENDING', ?, ?, ?, ?, FALSE, ? WHERE NOT EXISTS (SELECT 1 FROM " + tables.transfer()
                + " WHERE transfer_id = ?)";
        this.completeTransfer = "UPDATE " + tables.transfer() + " SET status = 'COMPLETED', from_balance_minor = ?,"
                + " to_balance_minor = ?, from_sequence = ?, to_sequence = ?, finished_at = ? WHERE transfer_id = ?";
        this.failTransfer = "UPDATE " + tables.transfer() + " SET status = 'FAILED', failure_code = ?,"
                + " failure_reason = ?, refunded = ?, from_sequence = ?, to_sequence = ?, finished_at = ?"
                + " WHERE transfer_id = ?";
    }

    @Override
    public boolean open(
            String accountNumber,
            UUID accountId,
            String currency,
            long balanceMinor,
            long sequence,
            OffsetDateTime openedAt) {
        return jdbc.update(
                        openAccount,
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
                        accountNumber)
                == 1;
    }

    @Override
    public boolean moveBalance(String accountNumber, long balanceMinor, long sequence, OffsetDateTime updatedAt) {
        if (jdbc.update(moveBalance, balanceMinor, sequence, updatedAt, accountNumber, sequence) == 1) {
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
        if (jdbc.update(
                        moveBalanceAndReserved,
                        balanceMinor,
                        reservedMinor,
                        sequence,
                        updatedAt,
                        accountNumber,
                        sequence)
                == 1) {
            return true;
        }
        requireRow(accountNumber);
        return false;
    }

    @Override
    public void reserve(String accountNumber, long reservedMinor, long sequence, OffsetDateTime updatedAt) {
        jdbc.update(reserve, reservedMinor, sequence, updatedAt, accountNumber, sequence);
    }

    @Override
    public void status(
            String accountNumber,
            String status,
            String frozenDirection,
            String freezeReason,
            long sequence,
            OffsetDateTime updatedAt) {
        jdbc.update(this.status, status, frozenDirection, freezeReason, sequence, updatedAt, accountNumber, sequence);
    }

    @Override
    public void touch(String accountNumber, long sequence) {
        jdbc.update(touch, sequence, accountNumber, sequence);
    }

    @Override
    public void addEntry(Entry entry) {
        jdbc.update(insertEntry, entry.row());
    }

    @Override
    public void requested(
            String transferId,
            String fromAccount,
            String toAccount,
            long amountMinor,
            String currency,
            OffsetDateTime requestedAt) {
        jdbc.update(
                requestTransfer, transferId, fromAccount, toAccount, amountMinor, currency, requestedAt, transferId);
    }

    @Override
    public void completed(
            String transferId,
            long fromBalanceMinor,
            long toBalanceMinor,
            long fromSequence,
            long toSequence,
            OffsetDateTime finishedAt) {
        jdbc.update(
                completeTransfer, fromBalanceMinor, toBalanceMinor, fromSequence, toSequence, finishedAt, transferId);
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
        jdbc.update(failTransfer, code, reason, refunded, fromSequence, toSequence, finishedAt, transferId);
    }

    @Override
    public void reserved(
            String transferId,
            String fromAccount,
            String toAccount,
            long amountMinor,
            String currency,
            OffsetDateTime expiresAt,
            OffsetDateTime requestedAt) {
        jdbc.update(
                reserveTransfer,
                transferId,
                fromAccount,
                toAccount,
                amountMinor,
                currency,
                requestedAt,
                expiresAt,
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
        jdbc.update(
                postTransfer,
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
        jdbc.update(releaseTransfer, status, fromSequence, finishedAt, transferId);
    }

    @Override
    public void clearAccounts() {
        jdbc.update("DELETE FROM " + tables.ledger());
        jdbc.update("DELETE FROM " + tables.balance());
    }

    @Override
    public void clearTransfers() {
        jdbc.update("DELETE FROM " + tables.transfer());
    }
}
