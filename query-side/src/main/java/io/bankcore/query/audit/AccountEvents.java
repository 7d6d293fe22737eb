package io.bankcore.query.audit;

import io.bankcore.api.AccountClosedEvent;
import io.bankcore.api.AccountFrozenEvent;
import io.bankcore.api.AccountOpenedEvent;
import io.bankcore.api.AccountOverdraftLimitChangedEvent;
import io.bankcore.api.AccountUnfrozenEvent;
import io.bankcore.api.AccountUpdatedEvent;
import io.bankcore.api.FundsReservedEvent;
import io.bankcore.api.Memo;
import io.bankcore.api.MoneyDepositedEvent;
import io.bankcore.api.MoneyWithdrawnEvent;
import io.bankcore.api.ReservationPostedEvent;
import io.bankcore.api.ReservationReleasedEvent;
import io.bankcore.api.ReversalCreditedEvent;
import io.bankcore.api.ReversalDebitedEvent;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferRefundedEvent;

/**
 * Folds one account's event into its {@link AccountFold}, feeding the transfers' and reversals' folds
 * with the legs it carries, and checks what one event must satisfy (see {@link #checkAfter}).
 */
final class AccountEvents {

    /** What an event states: its currency, the balance it carries and (reservation events) the reserved total. */
    private record Effect(String currency, long carried, Long carriedReserved) {}

    private final Books books;

    AccountEvents(Books books) {
        this.books = books;
    }

    void apply(AccountFold a, Object payload, Memo memo, long sequence, String eventId, boolean covered) {
        String wasStatus = a.status;
        long balanceBefore = a.balance;
        long reservedBefore = a.reserved;
        Effect effect = moneyMoved(a, payload, memo);
        if (effect == null) {
            effect = holdChanged(a, payload, sequence);
        }
        if (effect == null) {
            effect = lifecycle(a, payload, sequence);
        }
        checkAfter(a, payload, sequence, effect, wasStatus, balanceBefore, reservedBefore);
        a.recorded(sequence, covered, a.state(effect.carried()), eventId, Line.of(payload, memo, sequence));
    }

    /** Events that move money in or out of the account; null for any other. */
    private Effect moneyMoved(AccountFold a, Object payload, Memo memo) {
        String id = a.accountNumber;
        if (payload instanceof AccountOpenedEvent e) {
            a.opened = true;
            a.memo = memo;
            a.currency = e.currency();
            a.balance = e.initialBalanceMinor();
            a.overdraftLimit = e.overdraftLimitMinor();
            books.opened(e.currency(), e.initialBalanceMinor());
            return new Effect(e.currency(), e.initialBalanceMinor(), null);
        } else if (payload instanceof MoneyDepositedEvent e) {
            a.balance += e.amountMinor();
            books.opened(e.currency(), e.amountMinor());
            return new Effect(e.currency(), e.balanceMinor(), null);
        } else if (payload instanceof MoneyWithdrawnEvent e) {
            a.balance -= e.amountMinor();
            books.opened(e.currency(), -e.amountMinor());
            return new Effect(e.currency(), e.balanceMinor(), null);
        } else if (payload instanceof TransferDebitedEvent e) {
            a.balance -= e.amountMinor();
            books.transfers().debited(e.transferId(), id, e.amountMinor());
            return new Effect(e.currency(), e.balanceMinor(), null);
        } else if (payload instanceof TransferCreditedEvent e) {
            a.balance += e.amountMinor();
            books.transfers().credited(e.transferId(), id, e.amountMinor());
            return new Effect(e.currency(), e.balanceMinor(), null);
        } else if (payload instanceof TransferRefundedEvent e) {
            a.balance += e.amountMinor();
            books.transfers().refunded(e.transferId(), e.amountMinor());
            return new Effect(e.currency(), e.balanceMinor(), null);
        } else if (payload instanceof ReversalDebitedEvent e) {
            a.balance -= e.amountMinor();
            books.reversals().debited(e, id);
            return new Effect(e.currency(), e.balanceMinor(), null);
        } else if (payload instanceof ReversalCreditedEvent e) {
            a.balance += e.amountMinor();
            books.reversals().credited(e, id);
            return new Effect(e.currency(), e.balanceMinor(), null);
        }
        return null;
    }

    /** A two-phase transfer's hold on the account, its release and its post; null for any other event. */
    private Effect holdChanged(AccountFold a, Object payload, long sequence) {
        String id = a.accountNumber;
        if (payload instanceof FundsReservedEvent e) {
            a.reserved += e.amountMinor();
            books.transfers().held(e.transferId(), id, e.amountMinor());
            return new Effect(e.currency(), a.balance, e.reservedMinor());
        } else if (payload instanceof ReservationReleasedEvent e) {
            a.reserved -= e.amountMinor();
            books.transfers()
                    .holdEnded(e.transferId(), new TransferFold.HoldEnd(id, e.amountMinor(), null, e.reason()));
            return new Effect(e.currency(), a.balance, e.reservedMinor());
        } else if (payload instanceof ReservationPostedEvent e) {
            a.balance -= e.amountMinor();
            a.reserved -= e.releasedMinor();
            if (e.amountMinor() < 1 || e.amountMinor() > e.releasedMinor()) {
                books.mismatch(
                        id,
                        "posted amount within the hold (sequence " + sequence + ")",
                        "1.." + e.releasedMinor(),
                        e.amountMinor());
            }
            books.transfers()
                    .holdEnded(e.transferId(), new TransferFold.HoldEnd(id, e.releasedMinor(), e.amountMinor(), null));
            return new Effect(e.currency(), e.balanceMinor(), e.reservedMinor());
        }
        return null;
    }

    /** Limits, descriptions, freezes, closing, refused legs (and any unknown event): nothing moves. */
    private Effect lifecycle(AccountFold a, Object payload, long sequence) {
        String id = a.accountNumber;
        if (payload instanceof AccountOverdraftLimitChangedEvent e) {
            if (e.previousOverdraftLimitMinor() != a.overdraftLimit) {
                books.mismatch(
                        id,
                        "previous overdraft limit (sequence " + sequence + ")",
                        a.overdraftLimit,
                        e.previousOverdraftLimitMinor());
            }
            a.overdraftLimit = e.overdraftLimitMinor();
            if (a.overdraftLimit < 0) {
                books.mismatch(id, "overdraft limit >= 0 (sequence " + sequence + ")", 0L, a.overdraftLimit);
            }
            return new Effect(e.currency(), a.balance, null);
        } else if (payload instanceof AccountUpdatedEvent e) {
            a.memo = new Memo(e.description(), e.metadata());
        } else if (payload instanceof AccountFrozenEvent e) {
            freeze(a, "FROZEN", e.direction(), e.reason());
        } else if (payload instanceof AccountUnfrozenEvent) {
            freeze(a, "ACTIVE", null, null);
        } else if (payload instanceof AccountClosedEvent) {
            freeze(a, "CLOSED", null, null);
            if (a.balance != 0 || a.reserved != 0) {
                books.mismatch(
                        id,
                        "closed with money or holds (sequence " + sequence + ")",
                        "balance 0, reserved 0",
                        "balance " + a.balance + ", reserved " + a.reserved);
            }
        } else if (!refusedLeg(payload)) {
            books.mismatch(
                    id,
                    "unknown event type",
                    "a known event",
                    payload.getClass().getName());
        }
        return new Effect(a.currency, a.balance, null);
    }

    private static void freeze(AccountFold a, String status, String direction, String reason) {
        a.status = status;
        a.frozenDirection = direction;
        a.freezeReason = reason;
    }

    private static boolean refusedLeg(Object payload) {
        return payload instanceof TransferDebitRejectedEvent || payload instanceof TransferCreditRejectedEvent;
    }

    /**
     * What every account event must satisfy: the account opened first, one currency, the carried balance
     * equal to the sum of the amounts and the carried reserved total to the sum of the holds, holds never
     * below 0, a debit or hold within the overdraft limit, and nothing but a refused leg after closing.
     */
    private void checkAfter(
            AccountFold a,
            Object payload,
            long sequence,
            Effect effect,
            String wasStatus,
            long balanceBefore,
            long reservedBefore) {
        String id = a.accountNumber;
        String at = " (sequence " + sequence + ")";
        if (!a.opened) {
            books.mismatch(id, "event before AccountOpenedEvent", 0L, sequence);
        }
        if (a.currency != null && !a.currency.equals(effect.currency())) {
            books.mismatch(id, "event currency" + at, a.currency, effect.currency());
        }
        if (effect.carried() != a.balance) {
            books.mismatch(id, "event balance vs sum of amounts" + at, a.balance, effect.carried());
        }
        if (effect.carriedReserved() != null && effect.carriedReserved() != a.reserved) {
            books.mismatch(id, "event reserved vs sum of holds" + at, a.reserved, effect.carriedReserved());
        }
        if (a.reserved < 0) {
            books.mismatch(id, "reserved >= 0" + at, 0L, a.reserved);
        }
        if (OverdraftRule.broken(balanceBefore, reservedBefore, a.balance, a.reserved, a.overdraftLimit)) {
            books.mismatch(
                    id,
                    "within the overdraft limit after a debit" + at,
                    "balance - reserved >= -" + a.overdraftLimit,
                    "balance " + a.balance + ", reserved " + a.reserved);
        }
        if ("CLOSED".equals(wasStatus) && !refusedLeg(payload)) {
            books.mismatch(
                    id,
                    "event after AccountClosedEvent" + at,
                    "none but a refused transfer leg",
                    payload.getClass().getSimpleName());
        }
    }
}
