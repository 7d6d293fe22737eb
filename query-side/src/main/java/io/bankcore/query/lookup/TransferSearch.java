package io.bankcore.query.lookup;

import io.bankcore.api.TransferView;
import io.bankcore.query.TransferReadModel;
import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.MetadataMatch;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transfers from the {@code transfer} table, newest request first, always within a {@link TenantScope}
 * (a tenant sees a transfer when it sees both its accounts, as {@code GET /transfers/{id}} answers).
 * The cursor is the last transfer's request time (microseconds since the epoch) and id; a page
 * resumes below that pair, which the indexes of V15 read as a range.
 */
public class TransferSearch {

    private static final Pattern CURSOR = Pattern.compile("([0-9]{1,18})_([0-9A-Za-z-]{1,36})");
    private static final String ORDER = " ORDER BY requested_at DESC, transfer_id DESC LIMIT ?";

    /** Where a page resumes: below this request time and id. */
    public record Cursor(Instant requestedAt, String transferId) {

        /** The cursor of the text a previous page's link gave; empty if it is not one. */
        public static Optional<Cursor> parse(String text) {
            var match = CURSOR.matcher(text);
            if (!match.matches()) {
                return Optional.empty();
            }
            long micros = Long.parseLong(match.group(1));
            return Optional.of(new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), match.group(2)));
        }

        static String of(TransferView view) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, view.requestedAt()) + "_" + view.transferId();
        }
    }

    private final JdbcTemplate jdbc;

    private final MetadataMatch metadata;

    public TransferSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.metadata = new MetadataMatch(JdbcReadTables.isPostgres(jdbc));
    }

    /**
     * At most {@code limit} transfers below the cursor, newest request first. An account on either side
     * is two branches, one per side, each read from its index newest first and stopped at the page's
     * size, then merged (a transfer never has one account on both sides).
     */
    public Page<TransferView> list(TenantScope scope, TransferFilter filter, int limit, Cursor after) {
        var where = new Where();
        scope.restrict(where, "from_account_number");
        scope.restrict(where, "to_account_number");
        where.in("status", filter.statuses());
        where.metadata(metadata, filter.metadata());
        if (filter.from() != null) {
            where.and("requested_at >= ?", AccountSearch.utc(filter.from()));
        }
        if (filter.to() != null) {
            where.and("requested_at < ?", AccountSearch.utc(filter.to()));
        }
        if (after != null) {
            where.and(
                    "(requested_at, transfer_id) < (?, ?)", AccountSearch.utc(after.requestedAt()), after.transferId());
        }
        String sql;
        var args = new ArrayList<Object>();
        if (filter.accountNumber() == null) {
            sql = "SELECT * FROM transfer" + where.sql() + ORDER;
            args.addAll(where.args());
        } else {
            var branches = new ArrayList<String>();
            for (String side : List.of("from_account_number", "to_account_number")) {
                var branch = where.copy().and(side + " = ?", filter.accountNumber());
                branches.add("SELECT * FROM (SELECT * FROM transfer" + branch.sql() + ORDER + ") t" + branches.size());
                args.addAll(branch.args());
                args.add(limit + 1);
            }
            sql = "SELECT * FROM (" + String.join(" UNION ALL ", branches) + ") u" + ORDER;
        }
        args.add(limit + 1);
        var rows = TransferReadModel.withReversals(jdbc, jdbc.query(sql, TransferReadModel::view, args.toArray()));
        return Page.of(rows, limit, Cursor::of);
    }
}
