package io.bankcore.query.audit;

import io.bankcore.api.Memo;
import io.bankcore.api.TransferReversedEvent;
import io.bankcore.query.audit.LedgerAudit.Mismatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * The books as the events tell them, folded one event at a time in the store's order: every account
 * ({@link AccountFold}), every transfer ({@link TransferFold}), every reversal ({@link ReversalAudit}) and
 * the money put in and taken out per currency, with the mismatches the events show by themselves.
 * Memory grows with the number of accounts, transfers and reversals, never with the events of one.
 */
final class Books {

    private final AccountCheck accountRows;
    private final Coverage coverage;
    private final Map<String, AccountFold> accounts = new TreeMap<>();
    private final TransferFolds transfers = new TransferFolds();
    private final ReversalAudit reversals = new ReversalAudit();
    /** Currency -> opening balances + deposits - withdrawals. */
    private final Map<String, Long> opened = new TreeMap<>();

    private final List<Mismatch> mismatches = new ArrayList<>();
    private final AccountEvents accountEvents = new AccountEvents(this);

    Books(AccountCheck accountRows, Coverage coverage) {
        this.accountRows = accountRows;
        this.coverage = coverage;
    }

    void apply(TrackedEventMessage<?> event, long position) {
        Object payload = event.getPayload();
        Memo memo = Memo.of(event.getMetaData());
        if (payload instanceof TransferReversedEvent e) {
            reversals.recorded(e, memo, coverage.transfers(position));
            return;
        }
        if (transfers.apply(payload, memo, coverage.transfers(position))) {
            return;
        }
        if (!(event instanceof DomainEventMessage<?> domain)) {
            mismatch(
                    null,
                    "event without an aggregate",
                    "an account's event",
                    payload.getClass().getName());
            return;
        }
        // Everything else is an account's event: its aggregate is the account number.
        String number = domain.getAggregateIdentifier();
        AccountFold account = accounts.computeIfAbsent(number, accountRows::fold);
        accountEvents.apply(
                account,
                payload,
                memo,
                domain.getSequenceNumber(),
                domain.getIdentifier(),
                coverage.accounts(position));
    }

    void mismatch(String accountNumber, String what, Object expected, Object actual) {
        mismatches.add(new Mismatch(accountNumber, what, expected, actual));
    }

    void opened(String currency, long amountMinor) {
        opened.merge(currency, amountMinor, Long::sum);
    }

    Map<String, AccountFold> accounts() {
        return accounts;
    }

    TransferFolds transfers() {
        return transfers;
    }

    ReversalAudit reversals() {
        return reversals;
    }

    Map<String, Long> openedPerCurrency() {
        return opened;
    }

    List<Mismatch> mismatches() {
        return mismatches;
    }
}
