package io.bankcore.query.audit;

import io.bankcore.query.audit.LedgerAudit.Mismatch;
import java.util.List;

/**
 * A two-phase transfer against its events and its row's status: its hold, its one end and that end's
 * effect on the source (a release, or a posted debit) and the destination (the posted credit).
 */
final class PendingTransferCheck {

    private final TransferFold t;
    private final String status;
    private final List<Mismatch> out;
    private final String prefix;

    PendingTransferCheck(String id, TransferFold t, String status, List<Mismatch> out) {
        this.t = t;
        this.status = status;
        this.out = out;
        this.prefix = "transfer " + id + ": ";
    }

    void run() {
        if (!t.pending()) {
            out.add(new Mismatch(
                    t.holdAccounts.isEmpty() ? t.holdEnds.get(0).accountNumber() : t.holdAccounts.get(0),
                    prefix + "hold without TransferReservedEvent",
                    "TransferReservedEvent",
                    null));
            return;
        }
        String account = t.from;
        if (t.requested != null || t.debited != null || t.refunded != null || t.completed || t.failed) {
            out.add(new Mismatch(account, prefix + "regular transfer events on a pending transfer", "none", "present"));
        }
        if (!t.holdAccounts.equals(List.of(t.from)) || !t.holdAmounts.equals(List.of(t.reserved))) {
            out.add(new Mismatch(
                    account,
                    prefix + "holds",
                    TransferCheck.holds(List.of(t.from), List.of(t.reserved)),
                    TransferCheck.holds(t.holdAccounts, t.holdAmounts)));
        }
        if (t.ends.size() > 1) {
            out.add(new Mismatch(account, prefix + "ends", "one of COMPLETED, VOIDED, EXPIRED", t.ends));
        }
        checkEnd();
        if (t.postedMinor != null && (t.postedMinor < 1 || t.postedMinor > t.reserved)) {
            out.add(new Mismatch(account, prefix + "posted amount", "1.." + t.reserved, t.postedMinor));
        }
        checkStatus();
    }

    /** The end's release or posted debit on the source, and a post's credit on the destination. */
    private void checkEnd() {
        String expected = t.pendingStatus();
        List<TransferFold.HoldEnd> expectedEnds;
        List<String> creditAccounts = List.of();
        List<Long> creditAmounts = List.of();
        switch (expected) {
            case "RESERVED" -> expectedEnds = List.of();
            case "COMPLETED" -> {
                expectedEnds = List.of(new TransferFold.HoldEnd(t.from, t.reserved, t.postedMinor, null));
                creditAccounts = List.of(t.to);
                creditAmounts = List.of(t.postedMinor);
            }
            default -> expectedEnds = List.of(new TransferFold.HoldEnd(t.from, t.reserved, null, expected));
        }
        if (!t.holdEnds.equals(expectedEnds)) {
            out.add(new Mismatch(
                    t.from,
                    prefix + "release or posted debit",
                    TransferCheck.ends(expectedEnds),
                    TransferCheck.ends(t.holdEnds)));
        }
        if (!t.creditAccounts.equals(creditAccounts) || !t.creditAmounts.equals(creditAmounts)) {
            out.add(new Mismatch(
                    t.to,
                    prefix + "posted credit",
                    TransferCheck.holds(creditAccounts, creditAmounts),
                    TransferCheck.holds(t.creditAccounts, t.creditAmounts)));
        }
    }

    /**
     * Once the projection handled the end, the row shows it; before, it may still be {@code RESERVED}
     * (or missing, while not even the reservation is applied).
     */
    private void checkStatus() {
        String expected = t.pendingStatus();
        boolean wrong;
        if (t.statusCovered) {
            wrong = !expected.equals(status);
        } else {
            wrong = (t.reservedCovered || status != null) && !"RESERVED".equals(status) && !expected.equals(status);
        }
        if (wrong) {
            out.add(new Mismatch(t.from, prefix + "status", expected, status));
        }
    }
}
