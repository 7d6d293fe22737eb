package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import io.bankcore.query.audit.LedgerAudit.Mismatch;
import io.bankcore.query.tables.MemoColumns;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The accounts' read tables against the folds: each {@code account_balance} row against the state at
 * the projection's position, and each account's {@code ledger_entry} lines against the events' lines up
 * to it. The rows are read before the events are folded (one small row per account); the ledger only as
 * one {@link LedgerDigest} per account, in one streamed pass. An account whose lines differ is looked at
 * again line by line ({@link LedgerDetail}) to name the entries.
 */
final class AccountCheck {

    record Row(
            String currency,
            long balanceMinor,
            long lastSequence,
            long reservedMinor,
            String status,
            String frozenDirection,
            String freezeReason,
            Memo memo,
            long overdraftLimitMinor) {}

    private final Map<String, Row> rows = new TreeMap<>();
    private final Map<String, LedgerDigest> ledgers = new TreeMap<>();

    static AccountCheck read(Connection connection) throws SQLException {
        var check = new AccountCheck();
        try (var query = connection.prepareStatement("SELECT account_number, currency, balance_minor, last_sequence,"
                + " reserved_minor, status, frozen_direction, freeze_reason, description, metadata,"
                + " overdraft_limit_minor FROM account_balance")) {
            query.setFetchSize(LedgerAudit.FETCH_SIZE);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    check.rows.put(
                            rs.getString(1),
                            new Row(
                                    rs.getString(2),
                                    rs.getLong(3),
                                    rs.getLong(4),
                                    rs.getLong(5),
                                    rs.getString(6),
                                    rs.getString(7),
                                    rs.getString(8),
                                    MemoColumns.read(rs),
                                    rs.getLong("overdraft_limit_minor")));
                }
            }
        }
        try (var query = connection.prepareStatement("SELECT account_number, entry_id, sequence, entry_type,"
                + " amount_minor, currency, description, metadata, batch_id FROM ledger_entry")) {
            query.setFetchSize(LedgerAudit.FETCH_SIZE);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    check.ledgers
                            .computeIfAbsent(rs.getString(1), n -> new LedgerDigest())
                            .add(rs.getString(2), line(rs));
                }
            }
        }
        return check;
    }

    static Line line(ResultSet rs) throws SQLException {
        return new Line(
                rs.getLong("sequence"),
                rs.getString("entry_type"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                MemoColumns.readWithBatch(rs));
    }

    /** The fold for an account met in the events: it starts from its row's {@code last_sequence}. */
    AccountFold fold(String accountNumber) {
        Row row = rows.get(accountNumber);
        return new AccountFold(accountNumber, row == null ? -1 : row.lastSequence());
    }

    void compare(Map<String, AccountFold> accounts, LedgerDetail detail, List<Mismatch> out) {
        rows.keySet().stream()
                .filter(number -> !accounts.containsKey(number))
                .forEach(
                        number -> out.add(new Mismatch(number, "account_balance row without events", null, "present")));
        ledgers.forEach((number, digest) -> {
            if (!accounts.containsKey(number)) {
                out.add(new Mismatch(number, "ledger entries without events", 0, digest.count()));
            }
        });
        for (AccountFold a : accounts.values()) {
            Row row = rows.get(a.accountNumber);
            if (row == null) {
                if (a.coveredSequence >= 0) {
                    out.add(new Mismatch(a.accountNumber, "account_balance row", "present", null));
                }
            } else {
                compareRow(a, row, out);
            }
            var expected = row == null ? new LedgerDigest() : a.lines;
            var actual = ledgers.getOrDefault(a.accountNumber, new LedgerDigest());
            if (!expected.sameAs(actual)) {
                out.add(detail.mismatch(a.accountNumber, a.position(), expected, actual));
            }
        }
    }

    private static void compareRow(AccountFold a, Row row, List<Mismatch> out) {
        String id = a.accountNumber;
        if (row.lastSequence() > a.lastSequence) {
            out.add(new Mismatch(id, "last_sequence", a.lastSequence, row.lastSequence()));
        } else if (row.lastSequence() < a.coveredSequence) {
            // The processor's token is past events this account never received: a skipped event.
            out.add(new Mismatch(id, "last_sequence", a.coveredSequence, row.lastSequence()));
        }
        AccountFold.State expected = a.atPosition;
        if (row.balanceMinor() != expected.balanceMinor()) {
            out.add(new Mismatch(id, "balance_minor", expected.balanceMinor(), row.balanceMinor()));
        }
        if (!Objects.equals(row.currency(), a.currency)) {
            out.add(new Mismatch(id, "currency", a.currency, row.currency()));
        }
        if (row.reservedMinor() != expected.reservedMinor()) {
            out.add(new Mismatch(id, "reserved_minor", expected.reservedMinor(), row.reservedMinor()));
        }
        if (row.overdraftLimitMinor() != expected.overdraftLimitMinor()) {
            out.add(new Mismatch(
                    id, "overdraft_limit_minor", expected.overdraftLimitMinor(), row.overdraftLimitMinor()));
        }
        if (!Objects.equals(row.status(), expected.status())) {
            out.add(new Mismatch(id, "status", expected.status(), row.status()));
        }
        if (!Objects.equals(row.frozenDirection(), expected.frozenDirection())) {
            out.add(new Mismatch(id, "frozen_direction", expected.frozenDirection(), row.frozenDirection()));
        }
        if (!Objects.equals(row.freezeReason(), expected.freezeReason())) {
            out.add(new Mismatch(id, "freeze_reason", expected.freezeReason(), row.freezeReason()));
        }
        if (!row.memo().equals(expected.memo())) {
            out.add(new Mismatch(id, "description and metadata", expected.memo(), row.memo()));
        }
    }
}
