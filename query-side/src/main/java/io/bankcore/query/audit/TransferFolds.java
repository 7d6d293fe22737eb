package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferExpiredEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferPostedEvent;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.api.TransferReservedEvent;
import io.bankcore.api.TransferVoidedEvent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every transfer's {@link TransferFold}, by transfer id, in the order the events first named them. */
final class TransferFolds {

    private final Map<String, TransferFold> transfers = new LinkedHashMap<>();

    Map<String, TransferFold> all() {
        return transfers;
    }

    Collection<TransferFold> folds() {
        return transfers.values();
    }

    TransferFold get(String transferId) {
        return transfers.get(transferId);
    }

    private TransferFold fold(String transferId) {
        return transfers.computeIfAbsent(transferId, id -> new TransferFold());
    }

    void debited(String transferId, String account, long amountMinor) {
        var t = fold(transferId);
        t.debited = amountMinor;
        t.debitAccount = account;
    }

    void credited(String transferId, String account, long amountMinor) {
        var t = fold(transferId);
        t.credited = amountMinor;
        t.creditAccounts.add(account);
        t.creditAmounts.add(amountMinor);
    }

    void refunded(String transferId, long amountMinor) {
        fold(transferId).refunded = amountMinor;
    }

    void held(String transferId, String account, long amountMinor) {
        var t = fold(transferId);
        t.holdAccounts.add(account);
        t.holdAmounts.add(amountMinor);
    }

    void holdEnded(String transferId, TransferFold.HoldEnd end) {
        fold(transferId).holdEnds.add(end);
    }

    /** Folds the transfer aggregate's own events; false for any other event. */
    boolean apply(Object payload, Memo memo, boolean covered) {
        if (payload instanceof TransferRequestedEvent e) {
            var t = fold(e.transferId());
            t.memo = memo;
            t.from = e.fromAccountNumber();
            t.to = e.toAccountNumber();
            t.requested = e.amountMinor();
        } else if (payload instanceof TransferReservedEvent e) {
            var t = fold(e.transferId());
            t.memo = memo;
            t.from = e.fromAccountNumber();
            t.to = e.toAccountNumber();
            t.reserved = e.amountMinor();
            t.currency = e.currency();
            t.reservedCovered = covered;
        } else if (payload instanceof TransferCompletedEvent e) {
            var t = fold(e.transferId());
            t.completed = true;
            t.statusCovered = covered;
        } else if (payload instanceof TransferFailedEvent e) {
            var t = fold(e.transferId());
            t.failed = true;
            t.statusCovered = covered;
        } else if (payload instanceof TransferPostedEvent e) {
            var t = fold(e.transferId());
            t.ends.add("COMPLETED");
            t.postedMinor = e.postedMinor();
            t.statusCovered = covered;
        } else if (payload instanceof TransferVoidedEvent e) {
            ended(e.transferId(), "VOIDED", covered);
        } else if (payload instanceof TransferExpiredEvent e) {
            ended(e.transferId(), "EXPIRED", covered);
        } else {
            return false;
        }
        return true;
    }

    private void ended(String transferId, String status, boolean covered) {
        var t = fold(transferId);
        t.ends.add(status);
        t.statusCovered = covered;
    }
}
