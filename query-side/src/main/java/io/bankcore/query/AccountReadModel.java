package io.bankcore.query;

import io.bankcore.api.BalanceView;
import io.bankcore.api.LedgerEntryView;
import io.bankcore.api.LedgerPage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Reads the balance and ledger tables that {@link AccountProjection} maintains. */
public class AccountReadModel {

    private static final RowMapper<BalanceView> BALANCE = (rs, row) -> new BalanceView(
            rs.getString("account_number"),
            rs.getObject("account_id").toString(),
            rs.getLong("balance_minor"),
            rs.getString("currency"),
            rs.getLong("last_sequence"),
            rs.getLong("reserved_minor"),
            rs.getString("status"),
            rs.getString("frozen_direction"),
            rs.getString("freeze_reason"));

    private static final RowMapper<LedgerEntryView> ENTRY = (rs, row) -> new LedgerEntryView(
            rs.getObject("entry_id").toString(),
            rs.getString("entry_type"),
            rs.getLong("amount_minor"),
            rs.getString("currency"),
            rs.getString("correlation_id"),
            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
            rs.getString("counterparty_account_number"),
            rs.getLong("sequence"));

    private final JdbcTemplate jdbc;
    private final ProjectionProgress progress;
    private final ProjectionMode mode;

    public AccountReadModel(JdbcTemplate jdbc, ProjectionProgress progress, ProjectionMode mode) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.mode = mode;
    }

    public Optional<BalanceView> balance(String accountNumber) {
        return jdbc
                .query(
                        "SELECT account_number, account_id, balance_minor, currency, last_sequence, reserved_minor,"
                                + " status, frozen_direction, freeze_reason FROM account_balance"
                                + " WHERE account_number = ?",
                        BALANCE,
                        accountNumber)
                .stream()
                .findFirst();
    }

    /**
     * Newest first; fetches one row more than asked to learn whether an older page exists. An account
     * with lines exists; only an empty page costs a second query.
     */
    public LedgerPage transactions(String accountNumber, int limit, Long beforeSequence) {
        long before = beforeSequence == null ? Long.MAX_VALUE : beforeSequence;
        var rows = jdbc.query(
                "SELECT entry_id, entry_type, amount_minor, currency, correlation_id, occurred_at,"
                        + " counterparty_account_number, sequence FROM ledger_entry"
                        + " WHERE account_number = ? AND sequence < ? ORDER BY sequence DESC LIMIT ?",
                ENTRY,
                accountNumber,
                before,
                limit + 1);
        if (rows.isEmpty()) {
            // Only an empty page needs a second look to tell an unknown account from one with no lines.
            return new LedgerPage(committedSequence(accountNumber) >= 0, rows, null);
        }
        if (rows.size() <= limit) {
            return new LedgerPage(true, rows, null);
        }
        var page = rows.subList(0, limit);
        return new LedgerPage(true, page, page.get(limit - 1).sequence());
    }

    /** The sequence of the account's last event the projection has committed, or -1 if none. */
    public long committedSequence(String accountNumber) {
        var found = jdbc.queryForList(
                "SELECT last_sequence FROM account_balance WHERE account_number = ?", Long.class, accountNumber);
        return found.isEmpty() ? -1 : found.get(0);
    }

    /**
     * Waits until the read model reflects the account's event at {@code sequence}, which a command that
     * has returned already guarantees when the projection runs in its transaction.
     *
     * @return false if it did not within the timeout
     */
    public boolean awaitSequence(String accountNumber, long sequence, Duration timeout) {
        if (mode.inTransaction()) {
            return true;
        }
        try {
            return progress.await(accountNumber, sequence, timeout, () -> committedSequence(accountNumber));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
