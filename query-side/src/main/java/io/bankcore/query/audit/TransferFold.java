package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import java.util.ArrayList;
import java.util.List;

/**
 * One transfer as its events tell it: the transfer's own events, and its legs on the accounts' streams.
 * A pending (two-phase) transfer's reservation, its end, and its hold on the source are here too.
 */
final class TransferFold {

    /** A hold's end on the source's stream: a release ({@code reason}) or a posted debit ({@code reason} null). */
    record HoldEnd(String accountNumber, long releasedMinor, Long postedMinor, String reason) {}

    String from;
    String to;
    Long requested;
    Long debited;
    Long credited;
    Long refunded;
    String debitAccount;
    boolean completed;
    boolean failed;
    boolean statusCovered;
    Long reserved;
    String currency;
    /** The memo the transfer was requested or reserved with. */
    Memo memo = Memo.NONE;

    final List<String> ends = new ArrayList<>(1);
    Long postedMinor;
    boolean reservedCovered;
    final List<String> holdAccounts = new ArrayList<>(1);
    final List<Long> holdAmounts = new ArrayList<>(1);
    final List<HoldEnd> holdEnds = new ArrayList<>(1);
    final List<String> creditAccounts = new ArrayList<>(1);
    final List<Long> creditAmounts = new ArrayList<>(1);

    boolean pending() {
        return reserved != null;
    }

    /** The status its events give a pending transfer: RESERVED until its (first) end. */
    String pendingStatus() {
        return ends.isEmpty() ? "RESERVED" : ends.get(0);
    }

    /** What it moved when it completed (a posted pending transfer: its posted amount), or null. */
    Long settled() {
        if (pending()) {
            return pendingStatus().equals("COMPLETED") ? postedMinor : null;
        }
        return completed && !failed ? requested : null;
    }
}
