package io.bankcore.query.lookup;

import io.bankcore.api.LedgerEntryView;
import io.bankcore.query.tables.MemoColumns;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An account's statement over an interval, from the ledger: the ledger (posted) balance at its start,
 * its lines oldest first with the balance after each, and the balance at its end. Holds (reservations)
 * move no posted money and write no line, so they are not in it; a reservation's post is a
 * {@code TRANSFER_OUT} line when it is posted, and a refused transfer's debit and its refund are two
 * lines that cancel out.
 *
 * <p>Everything a statement reads stops at one sequence of the account, read first: the lines the
 * projection had committed then (it writes a line and moves the account's last sequence in one
 * transaction). So the opening balance, the totals and the streamed lines are one consistent cut
 * even while the account moves, and opening + credits - debits = closing always holds.
 */
public class Statements {

    public static final Set<String> CREDITS = Set.of("DEPOSIT", "TRANSFER_IN", "TRANSFER_REFUND", "REVERSAL_IN");

    private static final String CREDIT = "entry_type IN ('DEPOSIT', 'TRANSFER_IN', 'TRANSFER_REFUND', 'REVERSAL_IN')";
    private static final int FETCH_SIZE = 500;

    /** What a statement says before its lines; {@code upToSequence} is the cut (see the class). */
    public record Summary(
            String accountNumber,
            String currency,
            Instant from,
            Instant to,
            long openingMinor,
            long creditsMinor,
            long debitsMinor,
            long entryCount,
            long upToSequence) {

        public long closingMinor() {
            return openingMinor + creditsMinor - debitsMinor;
        }
    }

    /** Takes the lines one by one, with the balance after each. */
    public interface LineSink {
        void accept(LedgerEntryView entry, long balanceAfterMinor) throws Exception;
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public Statements(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The statement's summary, if the account exists and the scope sees it. */
    public Optional<Summary> summary(TenantScope scope, String accountNumber, Instant from, Instant to) {
        var where = new Where().and("account_number = ?", accountNumber);
        scope.restrict(where, "account_number");
        // The cut, and the balance at it: one row, read at once.
        List<Object[]> account = jdbc.query(
                "SELECT currency, last_sequence, balance_minor FROM account_balance" + where.sql(),
                (rs, row) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3)},
                where.args().toArray());
        if (account.isEmpty()) {
            return Optional.empty();
        }
        String currency = (String) account.get(0)[0];
        long cut = (Long) account.get(0)[1];
        long balanceAtCut = (Long) account.get(0)[2];
        long[] totals = jdbc.queryForObject(
                "SELECT COALESCE(SUM(CASE WHEN " + CREDIT + " THEN amount_minor ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN " + CREDIT + " THEN 0 ELSE amount_minor END), 0), COUNT(*)"
                        + " FROM ledger_entry WHERE account_number = ? AND occurred_at >= ? AND occurred_at < ?"
                        + " AND sequence <= ?",
                (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                accountNumber,
                utc(from),
                utc(to),
                cut);
        long opening = opening(accountNumber, from, to, cut, balanceAtCut, totals[0] - totals[1]);
        return Optional.of(
                new Summary(accountNumber, currency, from, to, opening, totals[0], totals[1], totals[2], cut));
    }

    /**
     * The balance at {@code from}. The lines up to the cut add up to the balance at the cut, so it is
     * either the sum of the lines before {@code from}, or the balance at the cut less the interval's net
     * and the net of the lines after {@code to}: whichever side holds fewer lines, found from the first
     * sequence at or after each bound (two index probes). A statement of a recent day on an account with a
     * long history then reads the few lines after it, and one of its first days the few before it; both
     * sums come from the time index alone on PostgreSQL (V14).
     */
    private long opening(String accountNumber, Instant from, Instant to, long cut, long balanceAtCut, long net) {
        long firstFrom = firstSequenceFrom(accountNumber, from, cut);
        long firstTo = firstSequenceFrom(accountNumber, to, cut);
        long before = firstFrom; // sequences below the first line at or after from
        long after = cut + 1 - firstTo; // sequences from the first line at or after to, up to the cut
        if (before <= after) {
            return sum(" AND occurred_at < ?", accountNumber, from, cut);
        }
        return balanceAtCut - net - sum(" AND occurred_at >= ?", accountNumber, to, cut);
    }

    /** The sequence of the account's first line at or after {@code at}, up to the cut; past the cut if none. */
    private long firstSequenceFrom(String accountNumber, Instant at, long cut) {
        List<Long> first = jdbc.queryForList(
                "SELECT sequence FROM ledger_entry WHERE account_number = ? AND occurred_at >= ? AND sequence <= ?"
                        + " ORDER BY occurred_at, sequence LIMIT 1",
                Long.class,
                accountNumber,
                utc(at),
                cut);
        return first.isEmpty() ? cut + 1 : first.get(0);
    }

    private long sum(String condition, String accountNumber, Instant at, long cut) {
        Long sum = jdbc.queryForObject(
                "SELECT COALESCE(SUM(CASE WHEN " + CREDIT + " THEN amount_minor ELSE -amount_minor END), 0)"
                        + " FROM ledger_entry WHERE account_number = ?" + condition + " AND sequence <= ?",
                Long.class,
                accountNumber,
                utc(at),
                cut);
        return sum == null ? 0 : sum;
    }

    /**
     * Streams the statement's lines, oldest first, to {@code sink}: a cursor over the time index read
     * {@value #FETCH_SIZE} rows at a time (PostgreSQL fetches in batches only inside a transaction),
     * never the whole interval in memory.
     */
    public void lines(Summary summary, LineSink sink) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (var statement = connection.prepareStatement(
                    "SELECT entry_id, entry_type, amount_minor, currency, correlation_id, occurred_at,"
                            + " counterparty_account_number, sequence, description, metadata, batch_id FROM ledger_entry"
                            + " WHERE account_number = ?"
                            + " AND occurred_at >= ? AND occurred_at < ? AND sequence <= ?"
                            + " ORDER BY occurred_at, sequence")) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setString(1, summary.accountNumber());
                statement.setObject(2, utc(summary.from()));
                statement.setObject(3, utc(summary.to()));
                statement.setLong(4, summary.upToSequence());
                long balance = summary.openingMinor();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        var entry = entry(rs);
                        balance = CREDITS.contains(entry.entryType())
                                ? balance + entry.amountMinor()
                                : balance - entry.amountMinor();
                        sink.accept(entry, balance);
                    }
                }
            } finally {
                connection.rollback(); // it only read
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static LedgerEntryView entry(ResultSet rs) throws SQLException {
        return new LedgerEntryView(
                rs.getObject("entry_id").toString(),
                rs.getString("entry_type"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("correlation_id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("counterparty_account_number"),
                rs.getLong("sequence"),
                MemoColumns.readWithBatch(rs));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
