package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import io.bankcore.query.audit.LedgerAudit.Mismatch;
import io.bankcore.query.tables.MemoColumns;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transfers against their events and their {@code transfer} rows. A regular transfer: a finished
 * (completed or failed) one's debit has its credit or its refund, never both, every leg of the
 * requested amount, and the row's status is the events' once the projection handled the end; one with
 * no end yet is a saga in flight, counted. A pending (two-phase) transfer: exactly one hold on the source
 * for the reserved amount, at most one end, and that end's one release or posted debit (and the posted
 * credit), its row {@code RESERVED} until the end is applied.
 */
final class TransferCheck {

    private record Row(String status, boolean pending, Long postedAmountMinor, Memo memo) {}

    private final Map<String, Row> rows = new HashMap<>();
    private List<Mismatch> out;

    /** Reads the rows (in the audit's snapshot), before the events are folded. */
    static TransferCheck read(Connection connection) throws SQLException {
        var check = new TransferCheck();
        try (var query = connection.prepareStatement(
                "SELECT transfer_id, status, pending, posted_amount_minor, description, metadata, batch_id"
                        + " FROM transfer")) {
            query.setFetchSize(LedgerAudit.FETCH_SIZE);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long posted = rs.getLong(4);
                    Long postedAmount = rs.wasNull() ? null : posted;
                    check.rows.put(
                            rs.getString(1),
                            new Row(rs.getString(2), rs.getBoolean(3), postedAmount, MemoColumns.readWithBatch(rs)));
                }
            }
        }
        return check;
    }

    /** Compares every fold with its row; answers the number of transfer sagas in flight. */
    int compare(TransferFolds transfers, List<Mismatch> out) {
        this.out = out;
        int inFlight = 0;
        for (var entry : transfers.all().entrySet()) {
            String id = entry.getKey();
            TransferFold t = entry.getValue();
            Row row = rows.get(id);
            if (row != null && row.pending() != t.pending()) {
                out.add(new Mismatch(t.from, "transfer " + id + ": pending", t.pending(), row.pending()));
            }
            if (row != null && !row.memo().equals(t.memo)) {
                out.add(new Mismatch(t.from, "transfer " + id + ": description and metadata", t.memo, row.memo()));
            }
            if (t.pending() || !t.holdAccounts.isEmpty() || !t.holdEnds.isEmpty()) {
                new PendingTransferCheck(id, t, row == null ? null : row.status(), out).run();
                comparePosted(id, t, row);
            } else if (!compareRegular(id, t, row == null ? null : row.status())) {
                inFlight++;
            }
        }
        rows.forEach((id, row) -> {
            if (transfers.get(id) == null) {
                out.add(new Mismatch(null, "transfer " + id + ": row without events", null, row.status()));
            }
        });
        return inFlight;
    }

    /** A regular transfer's legs and status; false while it has no end (a saga in flight). */
    private boolean compareRegular(String id, TransferFold t, String status) {
        String account = t.from != null ? t.from : t.debitAccount;
        String prefix = "transfer " + id + ": ";
        boolean finished = t.completed || t.failed;
        if (finished && t.debited != null && t.credited == null && t.refunded == null) {
            out.add(new Mismatch(account, prefix + "debit without credit or refund", "credit or refund", null));
        }
        if (t.credited != null && t.refunded != null) {
            out.add(new Mismatch(account, prefix + "both credited and refunded", "one of them", "both"));
        }
        for (Long leg : new Long[] {t.debited, t.credited, t.refunded}) {
            if (leg != null && t.requested != null && !leg.equals(t.requested)) {
                out.add(new Mismatch(account, prefix + "leg amount", t.requested, leg));
            }
        }
        if ((t.credited != null || t.refunded != null) && t.debited == null) {
            out.add(new Mismatch(account, prefix + "credit or refund without debit", "debit", null));
        }
        if (t.completed && t.failed) {
            out.add(new Mismatch(account, prefix + "both completed and failed", "one of them", "both"));
        }
        if (t.statusCovered) {
            String expected = t.completed ? "COMPLETED" : t.failed ? "FAILED" : "PENDING";
            if (!expected.equals(status)) {
                out.add(new Mismatch(account, prefix + "status", expected, status));
            }
        }
        return finished;
    }

    /** A pending transfer's {@code posted_amount_minor}, once its row shows the events' status. */
    private void comparePosted(String id, TransferFold t, Row row) {
        if (!t.pending() || row == null) {
            return;
        }
        String expected = t.pendingStatus();
        if (expected.equals(row.status())) {
            Long posted = "COMPLETED".equals(expected) ? t.postedMinor : null;
            if (!Objects.equals(row.postedAmountMinor(), posted)) {
                out.add(new Mismatch(
                        t.from, "transfer " + id + ": posted_amount_minor", posted, row.postedAmountMinor()));
            }
        }
    }

    static List<Map<String, Object>> holds(List<String> accounts, List<Long> amounts) {
        var list = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < accounts.size(); i++) {
            var hold = new LinkedHashMap<String, Object>();
            hold.put("account_number", accounts.get(i));
            hold.put("amount_minor", amounts.get(i));
            list.add(hold);
        }
        return list;
    }

    static List<Map<String, Object>> ends(List<TransferFold.HoldEnd> ends) {
        var list = new ArrayList<Map<String, Object>>();
        for (TransferFold.HoldEnd end : ends) {
            var map = new LinkedHashMap<String, Object>();
            map.put("account_number", end.accountNumber());
            map.put("released_minor", end.releasedMinor());
            if (end.postedMinor() != null) {
                map.put("posted_minor", end.postedMinor());
            } else {
                map.put("reason", end.reason());
            }
            list.add(map);
        }
        return list;
    }
}
