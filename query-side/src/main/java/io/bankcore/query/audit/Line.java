package io.bankcore.query.audit;

import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.Memo;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.ReservationPostedEvent;
import io.bankcore.api.ReversalCreditedEvent;
import io.bankcore.api.ReversalDebitedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;

/**
 * A ledger line as the events say it must be (or as {@code ledger_entry} has it). The entry id is the
 * event's identifier; a posted reservation is a {@code TRANSFER_OUT} line of the amount that moved;
 * holds, releases and lifecycle events have none.
 */
record Line(long sequence, String entryType, long amountMinor, String currency, Memo memo) {

    /** The line an account's event makes, or null when it makes none. */
    static Line of(Object payload, Memo memo, long sequence) {
        if (payload instanceof AccountOpenedEvent e) {
            return e.initialBalanceMinor() > 0
                    ? new Line(sequence, "DEPOSIT", e.initialBalanceMinor(), e.currency(), memo)
                    : null;
        } else if (payload instanceof MoneyDepositedEvent e) {
            return new Line(sequence, "DEPOSIT", e.amountMinor(), e.currency(), memo);
        } else if (payload instanceof MoneyWithdrawnEvent e) {
            return new Line(sequence, "WITHDRAWAL", e.amountMinor(), e.currency(), memo);
        } else if (payload instanceof TransferDebitedEvent e) {
            return new Line(sequence, "TRANSFER_OUT", e.amountMinor(), e.currency(), memo);
        } else if (payload instanceof TransferCreditedEvent e) {
            return new Line(sequence, "TRANSFER_IN", e.amountMinor(), e.currency(), memo);
        } else if (payload instanceof TransferRefundedEvent e) {
            return new Line(sequence, "TRANSFER_REFUND", e.amountMinor(), e.currency(), memo);
        } else if (payload instanceof ReversalDebitedEvent e) {
            return new Line(sequence, "REVERSAL_OUT", e.amountMinor(), e.currency(), memo);
        } else if (payload instanceof ReversalCreditedEvent e) {
            return new Line(sequence, "REVERSAL_IN", e.amountMinor(), e.currency(), memo);
        } else if (payload instanceof ReservationPostedEvent e) {
            return new Line(sequence, "TRANSFER_OUT", e.amountMinor(), e.currency(), memo);
        }
        return null;
    }
}
