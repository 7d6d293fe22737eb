package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import io.bankcore.api.ReversalCreditedEvent;
import io.bankcore.api.ReversalDebitedEvent;
import io.bankcore.api.TransferReversedEvent;
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
import java.util.function.Function;

/**
 * The audit's part for reversals of completed transfers, fed by {@link LedgerAudit}'s one pass over the
 * event store. Each reversal is three events appended in one transaction: the debit of the transfer's
 * destination, the credit of its source (both of the same amount) and the transfer's own record of it.
 * Checked: all three there, each once, with one amount, on the right accounts; only a completed
 * transfer reversed, never beyond what it moved (its amount, or a posted pending transfer's posted
 * amount), with each record's running total equal to the sum so far; and the {@code transfer_reversal}
 * rows against the records (missing, extra or different, where the transfers projection's token covers
 * the record).
 */
final class ReversalAudit {

    /** One reversal as its events tell it. */
    private static final class Fold {
        String transferId;
        final List<String> debitAccounts = new ArrayList<>();
        final List<Long> debits = new ArrayList<>();
        final List<String> creditAccounts = new ArrayList<>();
        final List<Long> credits = new ArrayList<>();
        TransferReversedEvent record;
        int records;
        boolean covered;
        Memo memo = Memo.NONE;
    }

    /** A {@code transfer_reversal} row, the columns the audit compares. */
    private record Row(String transferId, long amountMinor, long reversedMinor, Memo memo) {}

    private final Map<String, Fold> reversals = new LinkedHashMap<>();

    /** Whether the payload is one of a reversal's events (then folded here), for an account's event or not. */
    static boolean isReversal(Object payload) {
        return payload instanceof ReversalDebitedEvent
                || payload instanceof ReversalCreditedEvent
                || payload instanceof TransferReversedEvent;
    }

    void debited(ReversalDebitedEvent e, String account) {
        var fold = fold(e.reversalId(), e.transferId());
        fold.debitAccounts.add(account);
        fold.debits.add(e.amountMinor());
    }

    void credited(ReversalCreditedEvent e, String account) {
        var fold = fold(e.reversalId(), e.transferId());
        fold.creditAccounts.add(account);
        fold.credits.add(e.amountMinor());
    }

    void recorded(TransferReversedEvent e, Memo memo, boolean covered) {
        var fold = fold(e.reversalId(), e.transferId());
        fold.record = e;
        fold.records++;
        fold.covered = covered;
        fold.memo = memo;
    }

    private Fold fold(String reversalId, String transferId) {
        var fold = reversals.computeIfAbsent(reversalId, id -> new Fold());
        fold.transferId = transferId;
        return fold;
    }

    /**
     * The checks on the events, and the rows against them.
     *
     * @param settled a transfer's settled amount by its events (what moved when it completed), or null
     *     when it did not complete
     */
    void check(Connection connection, Function<String, Long> settled, List<Mismatch> out) throws SQLException {
        var reversedSoFar = new HashMap<String, Long>();
        for (var entry : reversals.entrySet()) {
            String id = entry.getKey();
            Fold r = entry.getValue();
            String what = "reversal " + id + " of transfer " + r.transferId + ": ";
            if (r.records != 1 || r.debits.size() != 1 || r.credits.size() != 1) {
                out.add(new Mismatch(
                        r.transferId,
                        what + "one debit, one credit and one record",
                        "1, 1, 1",
                        r.debits.size() + ", " + r.credits.size() + ", " + r.records));
                continue;
            }
            var record = r.record;
            long amount = record.amountMinor();
            if (r.debits.get(0) != amount || r.credits.get(0) != amount || amount <= 0) {
                out.add(new Mismatch(
                        r.transferId,
                        what + "amounts of the debit, the credit and the record",
                        amount,
                        r.debits.get(0) + ", " + r.credits.get(0)));
            }
            if (!r.debitAccounts.get(0).equals(record.toAccountNumber())
                    || !r.creditAccounts.get(0).equals(record.fromAccountNumber())) {
                out.add(new Mismatch(
                        r.transferId,
                        what + "accounts (debit from the destination, credit to the source)",
                        record.toAccountNumber() + " -> " + record.fromAccountNumber(),
                        r.debitAccounts.get(0) + " -> " + r.creditAccounts.get(0)));
            }
            long total = reversedSoFar.merge(r.transferId, amount, Long::sum);
            if (record.reversedMinor() != total) {
                out.add(new Mismatch(r.transferId, what + "reversed total", total, record.reversedMinor()));
            }
            Long moved = settled.apply(r.transferId);
            if (moved == null) {
                out.add(new Mismatch(r.transferId, what + "a completed transfer", "COMPLETED", "not completed"));
            } else if (total > moved) {
                out.add(new Mismatch(r.transferId, what + "reversed <= transferred", "<= " + moved, total));
            }
        }
        compareRows(connection, out);
    }

    private void compareRows(Connection connection, List<Mismatch> out) throws SQLException {
        var rows = new HashMap<String, Row>();
        try (var query = connection.prepareStatement("SELECT reversal_id, transfer_id, amount_minor, reversed_minor,"
                        + " description, metadata FROM transfer_reversal");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Row(rs.getString(2), rs.getLong(3), rs.getLong(4), MemoColumns.read(rs)));
            }
        }
        for (var entry : reversals.entrySet()) {
            Fold r = entry.getValue();
            if (r.record == null || !r.covered) {
                continue; // checked above, or not yet the projection's to have applied
            }
            var expected = new Row(r.transferId, r.record.amountMinor(), r.record.reversedMinor(), r.memo);
            var row = rows.get(entry.getKey());
            if (!expected.equals(row)) {
                out.add(new Mismatch(
                        r.transferId,
                        "transfer_reversal " + entry.getKey(),
                        expected.toString(),
                        row == null ? null : row.toString()));
            }
        }
        for (var row : rows.entrySet()) {
            var fold = reversals.get(row.getKey());
            if (fold == null || fold.record == null) {
                out.add(new Mismatch(
                        row.getValue().transferId(),
                        "transfer_reversal " + row.getKey() + ": row without events",
                        null,
                        row.getValue().toString()));
            }
        }
    }
}
