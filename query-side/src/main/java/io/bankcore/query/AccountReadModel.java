package io.bankcore.query;

import io.bankcore.api.BalanceView;
import io.bankcore.api.LedgerEntryView;
import io.bankcore.api.LedgerFilter;
import io.bankcore.api.LedgerPage;
import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.MemoColumns;
import io.bankcore.query.tables.MetadataMatch;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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
            rs.getString("freeze_reason"),
            rs.getLong("overdraft_limit_minor"));

    private static final RowMapper<LedgerEntryView> ENTRY = (rs, row) -> new LedgerEntryView(
            rs.getObject("entry_id").toString(),
            rs.getString("entry_type"),
            rs.getLong("amount_minor"),
            rs.getString("currency"),
            rs.getString("correlation_id"),
            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
            rs.getString("counterparty_account_number"),
            rs.getLong("sequence"),
            MemoColumns.readWithBatch(rs));

    private static final String SELECT_ENTRIES =
            "SELECT entry_id, entry_type, amount_minor, currency, correlation_id, occurred_at,"
                    + " counterparty_account_number, sequence, description, metadata, batch_id FROM ledger_entry";

    private final JdbcTemplate jdbc;
    private final ProjectionProgress progress;
    private final ProjectionMode mode;
    private final MetadataMatch metadata;

    public AccountReadModel(JdbcTemplate jdbc, ProjectionProgress progress, ProjectionMode mode) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.mode = mode;
        this.metadata = new MetadataMatch(JdbcReadTables.isPostgres(jdbc));
    }

    public Optional<BalanceView> balance(String accountNumber) {
        return jdbc
                .query(
                        "SELECT account_number, account_id, balance_minor, currency, last_sequence, reserved_minor,"
                                + " status, frozen_direction, freeze_reason, overdraft_limit_minor FROM account_balance"
                                + " WHERE account_number = ?",
                        BALANCE,
                        accountNumber)
                .stream()
                .findFirst();
    }

    /** Newest first, every entry (see {@link #transactions(String, int, Long, LedgerFilter)}). */
    public LedgerPage transactions(String accountNumber, int limit, Long beforeSequence) {
        return transactions(accountNumber, limit, beforeSequence, LedgerFilter.NONE);
    }

    /**
     * Newest first; fetches one row more than asked to learn whether an older page exists. An account
     * with lines exists; only an empty page costs a second query.
     *
     * <p>Every filter is served by an index (V14), so no page reads the account's history beyond what it
     * matches: the entry types by {@code (account_number, entry_type, sequence)}, one branch per type
     * read newest first and stopped at the page's size, the branches merged; the correlation id by its
     * own. An interval ({@code from}, {@code to}) is read backwards along {@code (account_number,
     * occurred_at, sequence)}, so its page is in {@code occurred_at} order (then sequence: the same
     * order unless a clock went back), and the cursor (still the last entry's sequence) resumes after
     * that entry's {@code (occurred_at, sequence)}. In sequence order the planner walked the primary
     * key from the newest entry down to the interval, filtering (measured: 4,241 rows for a page of 101
     * a day back).
     */
    public LedgerPage transactions(String accountNumber, int limit, Long beforeSequence, LedgerFilter filter) {
        boolean byTime = filter.from() != null || filter.to() != null;
        var common = new StringBuilder(" WHERE account_number = ?");
        var args = new ArrayList<Object>(List.of(accountNumber));
        if (beforeSequence != null && byTime) {
            var after = jdbc.queryForList(
                    "SELECT occurred_at FROM ledger_entry WHERE account_number = ? AND sequence = ?",
                    OffsetDateTime.class,
                    accountNumber,
                    beforeSequence);
            if (after.isEmpty()) {
                // Not a cursor this route gave out (every entry it names stays): nothing comes after it.
                return new LedgerPage(committedSequence(accountNumber) >= 0, List.of(), null);
            }
            // A row comparison, which PostgreSQL reads as a bound of the index range (an OR would be a filter).
            common.append(" AND (occurred_at, sequence) < (?, ?)");
            args.addAll(List.of(after.get(0), beforeSequence));
        } else if (beforeSequence != null) {
            common.append(" AND sequence < ?");
            args.add(beforeSequence);
        }
        if (filter.from() != null) {
            common.append(" AND occurred_at >= ?");
            args.add(AccountProjection.timestamp(filter.from()));
        }
        if (filter.to() != null) {
            common.append(" AND occurred_at < ?");
            args.add(AccountProjection.timestamp(filter.to()));
        }
        if (filter.correlationId() != null) {
            common.append(" AND correlation_id = ?");
            args.add(filter.correlationId());
        }
        metadata.append(common, args, filter.metadata());
        String order = byTime ? " ORDER BY occurred_at DESC, sequence DESC LIMIT ?" : " ORDER BY sequence DESC LIMIT ?";
        String sql;
        var all = new ArrayList<Object>();
        if (filter.entryTypes().isEmpty()) {
            sql = SELECT_ENTRIES + common + order;
            all.addAll(args);
        } else {
            var branches = new ArrayList<String>();
            for (String type : filter.entryTypes().stream().sorted().toList()) {
                branches.add("SELECT * FROM (" + SELECT_ENTRIES + common + " AND entry_type = ?" + order + ") t"
                        + branches.size());
                all.addAll(args);
                all.add(type);
                all.add(limit + 1);
            }
            sql = "SELECT * FROM (" + String.join(" UNION ALL ", branches) + ") u" + order;
        }
        all.add(limit + 1);
        var rows = jdbc.query(sql, ENTRY, all.toArray());
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
