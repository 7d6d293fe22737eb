package io.bankcore.query.lookup;

import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.MemoColumns;
import io.bankcore.query.tables.MetadataMatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Accounts from the {@code account_balance} table, always within a {@link TenantScope}. Lists are in
 * account-number order, so the primary key serves the order and the cursor (the last number of a page).
 */
public class AccountSearch {

    private static final String COLUMNS = "account_number, account_id, currency, status, frozen_direction,"
            + " freeze_reason, balance_minor, reserved_minor, opened_at, description, metadata, overdraft_limit_minor";

    private final JdbcTemplate jdbc;

    private final MetadataMatch metadata;

    public AccountSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.metadata = new MetadataMatch(JdbcReadTables.isPostgres(jdbc));
    }

    /** The account, if it exists and the scope sees it. */
    public Optional<AccountView> find(TenantScope scope, String accountNumber) {
        var where = new Where().and("account_number = ?", accountNumber);
        scope.restrict(where, "account_number");
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM account_balance" + where.sql(),
                        AccountSearch::view,
                        where.args().toArray())
                .stream()
                .findFirst();
    }

    /** At most {@code limit} accounts after the cursor {@code after} (an account number, or null), in order. */
    public Page<AccountView> list(TenantScope scope, AccountFilter filter, int limit, String after) {
        var where = new Where();
        scope.restrict(where, "account_number");
        if (after != null) {
            where.and("account_number > ?", after);
        }
        where.in("status", filter.statuses());
        where.equal("currency", filter.currency());
        where.metadata(metadata, filter.metadata());
        if (filter.createdFrom() != null) {
            where.and("opened_at >= ?", utc(filter.createdFrom()));
        }
        if (filter.createdTo() != null) {
            where.and("opened_at < ?", utc(filter.createdTo()));
        }
        var args = new ArrayList<>(where.args());
        args.add(limit + 1);
        var rows = jdbc.query(
                "SELECT " + COLUMNS + " FROM account_balance" + where.sql() + " ORDER BY account_number LIMIT ?",
                AccountSearch::view,
                args.toArray());
        return Page.of(rows, limit, AccountView::accountNumber);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static AccountView view(ResultSet rs, int row) throws SQLException {
        return new AccountView(
                rs.getString("account_number"),
                rs.getObject("account_id").toString(),
                rs.getString("currency"),
                rs.getString("status"),
                rs.getString("frozen_direction"),
                rs.getString("freeze_reason"),
                rs.getLong("balance_minor"),
                rs.getLong("reserved_minor"),
                rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
                MemoColumns.read(rs),
                rs.getLong("overdraft_limit_minor"));
    }
}
