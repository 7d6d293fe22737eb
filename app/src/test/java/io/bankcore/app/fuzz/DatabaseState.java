package io.bankcore.app.fuzz;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fingerprint of everything a request could change: events, balances, reserved amounts, account
 * states (status, freeze, memo, overdraft limit), ledger entries and (where the tables exist) transfers with their states and reversals. One round trip per fingerprint, so it is cheap enough to take per case.
 */
final class DatabaseState {

    private final Connection db;
    private final String sql;

    DatabaseState(Connection db) throws SQLException {
        this.db = db;
        // A reservation that expires while a case runs (one the exploration made an hour earlier, in a
        // database its seeds share) is the scheduler's change, not the request's: an expiry (two events,
        // its hold released, its transfer EXPIRED) leaves this fingerprint as it was.
        boolean expiries = hasColumn("transfer", "posted_amount_minor");
        String expired = "(SELECT count(*) FROM transfer WHERE status = 'EXPIRED')";
        var columns = new ArrayList<String>(List.of(
                "(SELECT count(*) FROM domain_event_entry)" + (expiries ? " - 2 * " + expired : "") + " AS events",
                "(SELECT coalesce(sum(balance_minor), 0) FROM account_balance) AS balance_sum",
                "(SELECT count(*) FROM account_balance) AS accounts",
                "(SELECT count(*) FROM ledger_entry) AS ledger_entries"));
        if (hasColumn("account_balance", "reserved_minor")) {
            columns.add("(SELECT coalesce(sum(reserved_minor), 0) FROM account_balance)"
                    + (expiries
                            ? " + (SELECT coalesce(sum(amount_minor), 0) FROM transfer WHERE status = 'EXPIRED')"
                            : "")
                    + " AS reserved_sum");
            String states = hasColumn("account_balance", "metadata")
                    ? " || ':' || coalesce(description, '') || ':' || coalesce(metadata::text, '')"
                    : "";
            if (hasColumn("account_balance", "overdraft_limit_minor")) {
                states += " || ':' || overdraft_limit_minor::text";
            }
            columns.add("(SELECT md5(coalesce(string_agg(account_number || ':' || status || ':'"
                    + " || coalesce(frozen_direction, '') || ':' || coalesce(freeze_reason, '')" + states + ", ','"
                    + " ORDER BY account_number), '')) FROM account_balance) AS account_states");
        }
        if (exists("transfer")) {
            columns.add("(SELECT count(*) FROM transfer) AS transfers");
            columns.add("(SELECT count(*) FROM transfer WHERE status = 'PENDING') AS pending_transfers");
        }
        if (hasColumn("transfer", "posted_amount_minor")) {
            columns.add("(SELECT md5(coalesce(string_agg(transfer_id || ':'"
                    + " || CASE status WHEN 'EXPIRED' THEN 'RESERVED' ELSE status END || ':'"
                    + " || coalesce(posted_amount_minor::text, ''), ',' ORDER BY transfer_id), '')) FROM transfer)"
                    + " AS transfer_states");
        }
        if (exists("transfer_reversal")) {
            columns.add("(SELECT count(*) FROM transfer_reversal) AS reversals");
            columns.add("(SELECT coalesce(sum(amount_minor), 0) FROM transfer_reversal) AS reversed_sum");
        }
        if (exists("transfer_leg")) {
            columns.add("(SELECT count(*) FROM transfer_leg) AS transfer_legs");
        }
        this.sql = "SELECT " + String.join(", ", columns);
    }

    private boolean exists(String table) throws SQLException {
        try (var statement = db.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (var rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private boolean hasColumn(String table, String column) throws SQLException {
        try (var statement = db.prepareStatement(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            statement.setString(1, table);
            statement.setString(2, column);
            try (var rs = statement.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    Map<String, String> take() {
        try (var statement = db.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            var meta = rs.getMetaData();
            var values = new LinkedHashMap<String, String>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.put(meta.getColumnLabel(i), rs.getString(i));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * After a request that may have changed state: waits until nothing moves any more (two equal
     * fingerprints in a row, no transfer pending), so later changes are not blamed on later requests.
     */
    Map<String, String> settle() {
        long deadline = System.nanoTime() + 15_000_000_000L;
        var previous = take();
        while (true) {
            sleep(15);
            var current = take();
            boolean pending = !"0".equals(current.getOrDefault("pending_transfers", "0"));
            if (current.equals(previous) && !pending) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                return current;
            }
            previous = current;
        }
    }

    static Map<String, String> difference(Map<String, String> before, Map<String, String> after) {
        var diff = new LinkedHashMap<String, String>();
        after.forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                diff.put(k, before.get(k) + " -> " + v);
            }
        });
        return diff;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
