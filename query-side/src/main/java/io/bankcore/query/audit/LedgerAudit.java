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
import io.bankcore.api.TransferCompletedEvent;
import io.bankcore.api.TransferCreditRejectedEvent;
import io.bankcore.api.TransferCreditedEvent;
import io.bankcore.api.TransferDebitRejectedEvent;
import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.api.TransferExpiredEvent;
import io.bankcore.api.TransferFailedEvent;
import io.bankcore.api.TransferPostedEvent;
import io.bankcore.api.TransferRefundedEvent;
import io.bankcore.api.TransferRequestedEvent;
import io.bankcore.api.TransferReservedEvent;
import io.bankcore.api.TransferReversedEvent;
import io.bankcore.api.TransferVoidedEvent;
import io.bankcore.query.EventMemos;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * The books' verification: folds every account's events straight from the event store and compares
 * the result with the read tables ({@code account_balance}, {@code ledger_entry}, {@code transfer}).
 * It never uses the projections' code: it reads {@code domain_event_entry} with plain JDBC in global
 * order (keyset pages of {@value #PAGE_SIZE} rows) and deserializes payloads with Axon's event
 * serializer. Everything is read in one read-only {@code REPEATABLE READ} transaction, so the events,
 * the tokens and the read tables are one consistent snapshot even while traffic runs.
 *
 * <h2>What is detected (each a {@link Mismatch})</h2>
 *
 * <ul>
 *   <li>Per account: a missing or extra {@code account_balance} row; a balance, currency or
 *       {@code last_sequence} that differs from the events; events whose carried balance differs from
 *       the sum of the amounts (opening balance + deposits - withdrawals - debits - posted reservations
 *       + credits + refunds), or whose currency is not the account's.
 *   <li>Per account, reservations and lifecycle: events whose carried reserved total differs from the
 *       sum of the holds (reserved + amount, released - amount, posted - the whole hold); a negative
 *       reserved total after any event; a debit or reservation that left the account beyond its
 *       overdraft limit ({@code balance - reserved < -limit}, see {@link OverdraftRule}); an overdraft
 *       limit change whose previous limit is not the account's; an account closed with money or holds on
 *       it, or moving money after it was closed; and {@code reserved_minor}, {@code overdraft_limit_minor},
 *       {@code status}, {@code frozen_direction} and {@code freeze_reason} against the state the events
 *       give.
 *   <li>Per account ledger: the set of {@code ledger_entry} rows against the money-moving events (the
 *       entry id is the event's identifier; a posted reservation is a {@code TRANSFER_OUT} line of the
 *       amount that moved; holds, releases and lifecycle events have none): missing, extra or
 *       different entries (type, amount, currency, sequence), reported as one mismatch per account
 *       with the counts and per-type sums.
 *   <li>Transfers: a finished (completed or failed) transfer whose debit has neither credit nor refund,
 *       a transfer both credited and refunded, legs whose amounts differ, and a {@code transfer} row
 *       whose status differs from its completed/failed events (or that is missing). A transfer with no
 *       completed/failed event yet is a saga in flight: counted in {@code pending_transfers}.
 *   <li>Pending (two-phase) transfers: exactly one hold on the source for the reserved amount; at most
 *       one end (posted, voided, expired); once ended, exactly one release of the hold (voided,
 *       expired: by that reason) or one posted debit of it, and for a post one credit of the posted
 *       amount on the destination; while open, none of these. Its row must be {@code RESERVED},
 *       {@code COMPLETED} (with {@code posted_amount_minor}), {@code VOIDED} or {@code EXPIRED}, and
 *       {@code pending}. Open ones are counted in {@code open_reservations} and, per currency, in
 *       {@code reserved_per_currency}, where the accounts' reserved totals must add up to them.
 *   <li>Reversals ({@link ReversalAudit}): each one's debit of the transfer's destination, credit of its
 *       source and record on the transfer, each once and of one amount; only a completed transfer
 *       reversed, never beyond what it moved; and the {@code transfer_reversal} rows.
 *   <li>Money per currency, from the events alone: the final balances plus the money in flight (debited,
 *       not yet credited or refunded) must equal the opening balances + deposits - withdrawals. A hold
 *       moves nothing; a post moves its amount from source to destination in one transaction, so it is
 *       never in flight. {@code money_per_currency} also shows the read table's total against that
 *       expectation.
 *   <li>Events without their effect. With the projections in the appending transaction (the
 *       default) every committed event must have its effect in the same snapshot. With streaming
 *       projections, a projection that skipped an event has a token past it but lacks its effect. For each read table the audit only expects the events that every
 *       segment's token of its processor ({@code accounts}, {@code transfers}) covers; such an event
 *       without its effect (no ledger entry, {@code last_sequence} behind it, transfer status not
 *       updated) is a mismatch. Events not yet covered (the projection is merely behind) are compared
 *       against the projection's own position instead and are not mismatches.
 * </ul>
 *
 * <h2>What is informational, and what is not detected</h2>
 *
 * <ul>
 *   <li>{@code gaps}: missing {@code global_index} values. They are normal: every rolled-back append
 *       (a lost concurrency race, a refused command after the sequence was drawn) consumes a value of
 *       {@code domain_event_entry_seq}. A gap is harmless by itself; the danger is an event committed
 *       late into a gap and then skipped, which the checks above catch by its missing effect.
 *   <li>The saga's own state ({@code saga_entry}, {@code TransferSagaProcessor}) is not compared; a
 *       stuck saga shows as a pending transfer. Nor are the expiry deadlines: a reservation past its
 *       {@code expires_at} that is still open is only counted as open.
 *   <li>Events lost from the event store itself (deleted rows) cannot be told apart from gaps.
 *   <li>Read-model columns that carry no money (timestamps, {@code counterparty_account_number},
 *       {@code correlation_id}, the transfer's balances, {@code expires_at}) are not compared.
 * </ul>
 *
 * <p>Cost: one pass over the event store plus one read of each read table, all in memory (a few
 * hundred bytes per event); fine up to millions of events.
 */
public class LedgerAudit {

    static final int PAGE_SIZE = 5000;

    /** One difference: {@code accountNumber} is null when it is not about one account. */
    public record Mismatch(String accountNumber, String what, Object expected, Object actual) {}

    /** {@code expected} from the events; {@code actual} the read table's total; {@code inFlight} debited, not landed. */
    public record Money(long expected, long actual, long inFlight) {}

    /**
     * One currency's open reservations: how many, the amount they hold by the events ({@code expected}),
     * and the sum of {@code account_balance.reserved_minor} ({@code actual}).
     */
    public record Reserved(int reservations, long expected, long actual) {}

    /** Missing global indexes {@code from..to}, inclusive. */
    public record Gap(long from, long to) {}

    public record Report(
            int accountsChecked,
            long eventsChecked,
            List<Mismatch> mismatches,
            Map<String, Money> moneyPerCurrency,
            List<Gap> gaps,
            int pendingTransfers,
            long durationMs,
            int openReservations,
            Map<String, Reserved> reservedPerCurrency) {}

    /** A ledger line as the events say it must be (or as the table has it). */
    record Line(long sequence, String entryType, long amountMinor, String currency, Memo memo) {}

    /** An account as the events leave it after one of its events. */
    record State(
            long balanceMinor,
            long reservedMinor,
            String status,
            String frozenDirection,
            String freezeReason,
            Memo memo,
            long overdraftLimitMinor) {}

    private static final class AccountFold {
        final String accountNumber;
        String currency;
        boolean opened;
        long lastSequence = -1;
        long coveredSequence = -1;
        /** Sequence -> the state after the event (balances as carried by the event), for every event. */
        final TreeMap<Long, State> carried = new TreeMap<>();
        /** Entry id -> line, in sequence order. */
        final Map<String, Line> lines = new LinkedHashMap<>();

        long balance;
        long reserved;
        long overdraftLimit;
        String status = "ACTIVE";
        String frozenDirection;
        String freezeReason;
        /** The memo the account was opened with. */
        Memo memo = Memo.NONE;

        AccountFold(String accountNumber) {
            this.accountNumber = accountNumber;
        }
    }

    /** A hold's end on the source's stream: a release ({@code reason}) or a posted debit ({@code reason} null). */
    private record HoldEnd(String accountNumber, long releasedMinor, Long postedMinor, String reason) {}

    private static final class TransferFold {
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
        // A pending (two-phase) transfer's own events and its hold's, on the source's stream.
        Long reserved;
        String currency;
        /** The memo the transfer was requested or reserved with. */
        Memo memo = Memo.NONE;

        final List<String> ends = new ArrayList<>();
        Long postedMinor;
        boolean reservedCovered;
        final List<String> holdAccounts = new ArrayList<>();
        final List<Long> holdAmounts = new ArrayList<>();
        final List<HoldEnd> holdEnds = new ArrayList<>();
        final List<String> creditAccounts = new ArrayList<>();
        final List<Long> creditAmounts = new ArrayList<>();

        boolean pending() {
            return reserved != null;
        }

        /** The status its events give: RESERVED until its (first) end. */
        String pendingStatus() {
            return ends.isEmpty() ? "RESERVED" : ends.get(0);
        }
    }

    private final DataSource dataSource;
    private final Serializer serializer;
    private final BooleanSupplier appliedInTransaction;

    /**
     * @param appliedInTransaction true when the projections write their tables in the transaction that
     *     appends the event: then every committed event must have its effect, tokens or not
     */
    public LedgerAudit(DataSource dataSource, Serializer eventSerializer, BooleanSupplier appliedInTransaction) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.serializer = Objects.requireNonNull(eventSerializer, "eventSerializer");
        this.appliedInTransaction = Objects.requireNonNull(appliedInTransaction, "appliedInTransaction");
    }

    public Report run() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Report report = audit(connection, started);
                connection.rollback();
                return report;
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit failed: " + e.getMessage(), e);
        }
    }

    private Report audit(Connection connection, long started) throws SQLException {
        // With the projections in the appending transaction every committed event counts, tokens or
        // not. Otherwise tokens first: with REPEATABLE READ the first statement fixes the snapshot.
        boolean inTransaction = appliedInTransaction.getAsBoolean();
        List<TrackingToken> accountTokens = inTransaction ? List.of() : tokens(connection, "accounts");
        List<TrackingToken> transferTokens = inTransaction ? List.of() : tokens(connection, "transfers");

        var mismatches = new ArrayList<Mismatch>();
        var accounts = new TreeMap<String, AccountFold>();
        var transfers = new LinkedHashMap<String, TransferFold>();
        var reversals = new ReversalAudit();
        var gaps = new ArrayList<Gap>();
        var opened = new TreeMap<String, Long>(); // currency -> opening balances + deposits - withdrawals
        long events = 0;
        long previous = Long.MIN_VALUE;
        long after = Long.MIN_VALUE;
        while (true) {
            int rows = 0;
            try (var query = connection.prepareStatement(
                    "SELECT global_index, aggregate_identifier, sequence_number, event_identifier, payload_type,"
                            + " payload_revision, payload, meta_data FROM domain_event_entry WHERE global_index > ?"
                            + " ORDER BY global_index LIMIT ?")) {
                query.setLong(1, after);
                query.setInt(2, PAGE_SIZE);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        long globalIndex = rs.getLong(1);
                        if (previous != Long.MIN_VALUE && globalIndex > previous + 1) {
                            gaps.add(new Gap(previous + 1, globalIndex - 1));
                        }
                        previous = globalIndex;
                        after = globalIndex;
                        events++;
                        SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(
                                rs.getBytes(7), byte[].class, rs.getString(5), rs.getString(6));
                        Object payload = serializer.deserialize(serialized);
                        apply(
                                payload,
                                EventMemos.read(serializer, rs.getBytes(8)),
                                rs.getString(2),
                                rs.getLong(3),
                                rs.getString(4),
                                inTransaction || covered(accountTokens, globalIndex),
                                inTransaction || covered(transferTokens, globalIndex),
                                accounts,
                                transfers,
                                reversals,
                                opened,
                                mismatches);
                    }
                }
            }
            if (rows < PAGE_SIZE) {
                break;
            }
        }

        compareAccounts(connection, accounts, mismatches);
        int pending = compareTransfers(connection, transfers, mismatches);
        reversals.check(connection, id -> settled(transfers.get(id)), mismatches);
        Map<String, Money> money = money(connection, accounts, transfers, opened, mismatches);
        Map<String, Reserved> reserved = reserved(connection, accounts, transfers, mismatches);
        int open = reserved.values().stream().mapToInt(Reserved::reservations).sum();
        return new Report(
                accounts.size(),
                events,
                List.copyOf(mismatches),
                money,
                List.copyOf(gaps),
                pending,
                (System.nanoTime() - started) / 1_000_000,
                open,
                reserved);
    }

    // ---- folding the events ----------------------------------------------------------------------

    private static void apply(
            Object payload,
            Memo memo,
            String aggregateId,
            long sequence,
            String eventId,
            boolean accountsCovered,
            boolean transfersCovered,
            Map<String, AccountFold> accounts,
            Map<String, TransferFold> transfers,
            ReversalAudit reversals,
            Map<String, Long> opened,
            List<Mismatch> mismatches) {
        if (payload instanceof TransferReversedEvent e) {
            reversals.recorded(e, memo, transfersCovered);
            return;
        }
        if (applyToTransfer(payload, memo, transfersCovered, transfers)) {
            return;
        }
        // Everything else is an account's event: its aggregate is the account number.
        AccountFold a = accounts.computeIfAbsent(aggregateId, AccountFold::new);
        a.lastSequence = sequence;
        if (accountsCovered) {
            a.coveredSequence = sequence;
        }
        String wasStatus = a.status;
        long balanceBefore = a.balance;
        long reservedBefore = a.reserved;
        String currency;
        long carried;
        Long carriedReserved = null; // only the reservation events carry the reserved total
        if (payload instanceof AccountOpenedEvent e) {
            a.opened = true;
            a.memo = memo;
            a.currency = e.currency();
            currency = e.currency();
            a.balance = e.initialBalanceMinor();
            a.overdraftLimit = e.overdraftLimitMinor();
            carried = e.initialBalanceMinor();
            opened.merge(currency, e.initialBalanceMinor(), Long::sum);
            if (e.initialBalanceMinor() > 0) {
                a.lines.put(eventId, new Line(sequence, "DEPOSIT", e.initialBalanceMinor(), currency, memo));
            }
        } else if (payload instanceof MoneyDepositedEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance += e.amountMinor();
            opened.merge(currency, e.amountMinor(), Long::sum);
            a.lines.put(eventId, new Line(sequence, "DEPOSIT", e.amountMinor(), currency, memo));
        } else if (payload instanceof MoneyWithdrawnEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance -= e.amountMinor();
            opened.merge(currency, -e.amountMinor(), Long::sum);
            a.lines.put(eventId, new Line(sequence, "WITHDRAWAL", e.amountMinor(), currency, memo));
        } else if (payload instanceof TransferDebitedEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance -= e.amountMinor();
            a.lines.put(eventId, new Line(sequence, "TRANSFER_OUT", e.amountMinor(), currency, memo));
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.debited = e.amountMinor();
            t.debitAccount = aggregateId;
        } else if (payload instanceof TransferCreditedEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance += e.amountMinor();
            a.lines.put(eventId, new Line(sequence, "TRANSFER_IN", e.amountMinor(), currency, memo));
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.credited = e.amountMinor();
            t.creditAccounts.add(aggregateId);
            t.creditAmounts.add(e.amountMinor());
        } else if (payload instanceof TransferRefundedEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance += e.amountMinor();
            a.lines.put(eventId, new Line(sequence, "TRANSFER_REFUND", e.amountMinor(), currency, memo));
            transfers.computeIfAbsent(e.transferId(), id -> new TransferFold()).refunded = e.amountMinor();
        } else if (payload instanceof ReversalDebitedEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance -= e.amountMinor();
            a.lines.put(eventId, new Line(sequence, "REVERSAL_OUT", e.amountMinor(), currency, memo));
            reversals.debited(e, aggregateId);
        } else if (payload instanceof ReversalCreditedEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance += e.amountMinor();
            a.lines.put(eventId, new Line(sequence, "REVERSAL_IN", e.amountMinor(), currency, memo));
            reversals.credited(e, aggregateId);
        } else if (payload instanceof FundsReservedEvent e) {
            currency = e.currency();
            carried = a.balance;
            a.reserved += e.amountMinor();
            carriedReserved = e.reservedMinor();
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.holdAccounts.add(aggregateId);
            t.holdAmounts.add(e.amountMinor());
        } else if (payload instanceof ReservationReleasedEvent e) {
            currency = e.currency();
            carried = a.balance;
            a.reserved -= e.amountMinor();
            carriedReserved = e.reservedMinor();
            transfers
                    .computeIfAbsent(e.transferId(), id -> new TransferFold())
                    .holdEnds
                    .add(new HoldEnd(aggregateId, e.amountMinor(), null, e.reason()));
        } else if (payload instanceof ReservationPostedEvent e) {
            currency = e.currency();
            carried = e.balanceMinor();
            a.balance -= e.amountMinor();
            a.reserved -= e.releasedMinor();
            carriedReserved = e.reservedMinor();
            a.lines.put(eventId, new Line(sequence, "TRANSFER_OUT", e.amountMinor(), currency, memo));
            if (e.amountMinor() < 1 || e.amountMinor() > e.releasedMinor()) {
                mismatches.add(new Mismatch(
                        aggregateId,
                        "posted amount within the hold (sequence " + sequence + ")",
                        "1.." + e.releasedMinor(),
                        e.amountMinor()));
            }
            transfers
                    .computeIfAbsent(e.transferId(), id -> new TransferFold())
                    .holdEnds
                    .add(new HoldEnd(aggregateId, e.releasedMinor(), e.amountMinor(), null));
        } else if (payload instanceof AccountOverdraftLimitChangedEvent e) {
            currency = e.currency();
            carried = a.balance;
            if (e.previousOverdraftLimitMinor() != a.overdraftLimit) {
                mismatches.add(new Mismatch(
                        aggregateId,
                        "previous overdraft limit (sequence " + sequence + ")",
                        a.overdraftLimit,
                        e.previousOverdraftLimitMinor()));
            }
            a.overdraftLimit = e.overdraftLimitMinor();
            if (a.overdraftLimit < 0) {
                mismatches.add(new Mismatch(
                        aggregateId, "overdraft limit >= 0 (sequence " + sequence + ")", 0L, a.overdraftLimit));
            }
        } else if (payload instanceof AccountUpdatedEvent e) {
            currency = a.currency;
            carried = a.balance;
            a.memo = new Memo(e.description(), e.metadata());
        } else if (payload instanceof AccountFrozenEvent e) {
            currency = a.currency;
            carried = a.balance;
            a.status = "FROZEN";
            a.frozenDirection = e.direction();
            a.freezeReason = e.reason();
        } else if (payload instanceof AccountUnfrozenEvent) {
            currency = a.currency;
            carried = a.balance;
            a.status = "ACTIVE";
            a.frozenDirection = null;
            a.freezeReason = null;
        } else if (payload instanceof AccountClosedEvent) {
            currency = a.currency;
            carried = a.balance;
            a.status = "CLOSED";
            a.frozenDirection = null;
            a.freezeReason = null;
            if (a.balance != 0 || a.reserved != 0) {
                mismatches.add(new Mismatch(
                        aggregateId,
                        "closed with money or holds (sequence " + sequence + ")",
                        "balance 0, reserved 0",
                        "balance " + a.balance + ", reserved " + a.reserved));
            }
        } else if (payload instanceof TransferDebitRejectedEvent || payload instanceof TransferCreditRejectedEvent) {
            currency = a.currency;
            carried = a.balance;
        } else {
            mismatches.add(new Mismatch(
                    aggregateId,
                    "unknown event type",
                    "a known event",
                    payload.getClass().getName()));
            currency = a.currency;
            carried = a.balance;
        }
        if (!a.opened) {
            mismatches.add(new Mismatch(aggregateId, "event before AccountOpenedEvent", 0L, sequence));
        }
        if (a.currency != null && !a.currency.equals(currency)) {
            mismatches.add(
                    new Mismatch(aggregateId, "event currency (sequence " + sequence + ")", a.currency, currency));
        }
        if (carried != a.balance) {
            mismatches.add(new Mismatch(
                    aggregateId, "event balance vs sum of amounts (sequence " + sequence + ")", a.balance, carried));
        }
        if (carriedReserved != null && carriedReserved != a.reserved) {
            mismatches.add(new Mismatch(
                    aggregateId,
                    "event reserved vs sum of holds (sequence " + sequence + ")",
                    a.reserved,
                    carriedReserved));
        }
        if (a.reserved < 0) {
            mismatches.add(new Mismatch(aggregateId, "reserved >= 0 (sequence " + sequence + ")", 0L, a.reserved));
        }
        if (OverdraftRule.broken(balanceBefore, reservedBefore, a.balance, a.reserved, a.overdraftLimit)) {
            mismatches.add(new Mismatch(
                    aggregateId,
                    "within the overdraft limit after a debit (sequence " + sequence + ")",
                    "balance - reserved >= -" + a.overdraftLimit,
                    "balance " + a.balance + ", reserved " + a.reserved));
        }
        boolean refusedLeg =
                payload instanceof TransferDebitRejectedEvent || payload instanceof TransferCreditRejectedEvent;
        if ("CLOSED".equals(wasStatus) && !refusedLeg) {
            mismatches.add(new Mismatch(
                    aggregateId,
                    "event after AccountClosedEvent (sequence " + sequence + ")",
                    "none but a refused transfer leg",
                    payload.getClass().getSimpleName()));
        }
        // Carried balances are kept as the events say them, so the read table is compared with those.
        a.carried.put(
                sequence,
                new State(carried, a.reserved, a.status, a.frozenDirection, a.freezeReason, a.memo, a.overdraftLimit));
    }

    /** Folds the transfer aggregate's own events; false for any other event. */
    private static boolean applyToTransfer(
            Object payload, Memo memo, boolean transfersCovered, Map<String, TransferFold> transfers) {
        if (payload instanceof TransferRequestedEvent e) {
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.memo = memo;
            t.from = e.fromAccountNumber();
            t.to = e.toAccountNumber();
            t.requested = e.amountMinor();
        } else if (payload instanceof TransferCompletedEvent e) {
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.completed = true;
            t.statusCovered = transfersCovered;
        } else if (payload instanceof TransferFailedEvent e) {
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.failed = true;
            t.statusCovered = transfersCovered;
        } else if (payload instanceof TransferReservedEvent e) {
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.memo = memo;
            t.from = e.fromAccountNumber();
            t.to = e.toAccountNumber();
            t.reserved = e.amountMinor();
            t.currency = e.currency();
            t.reservedCovered = transfersCovered;
        } else if (payload instanceof TransferPostedEvent e) {
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.ends.add("COMPLETED");
            t.postedMinor = e.postedMinor();
            t.statusCovered = transfersCovered;
        } else if (payload instanceof TransferVoidedEvent e) {
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.ends.add("VOIDED");
            t.statusCovered = transfersCovered;
        } else if (payload instanceof TransferExpiredEvent e) {
            var t = transfers.computeIfAbsent(e.transferId(), id -> new TransferFold());
            t.ends.add("EXPIRED");
            t.statusCovered = transfersCovered;
        } else {
            return false;
        }
        return true;
    }

    /** What a transfer moved when it completed (a posted pending transfer: its posted amount), or null. */
    private static Long settled(TransferFold t) {
        if (t == null) {
            return null;
        }
        if (t.pending()) {
            return t.pendingStatus().equals("COMPLETED") ? t.postedMinor : null;
        }
        return t.completed && !t.failed ? t.requested : null;
    }

    // ---- the account read tables -----------------------------------------------------------------

    private record BalanceRow(
            String currency,
            long balanceMinor,
            long lastSequence,
            long reservedMinor,
            String status,
            String frozenDirection,
            String freezeReason,
            Memo memo,
            long overdraftLimitMinor) {}

    private static void compareAccounts(Connection connection, Map<String, AccountFold> accounts, List<Mismatch> out)
            throws SQLException {
        var balances = new HashMap<String, BalanceRow>();
        try (var query = connection.prepareStatement("SELECT account_number, currency, balance_minor, last_sequence,"
                        + " reserved_minor, status, frozen_direction, freeze_reason, description, metadata,"
                        + " overdraft_limit_minor FROM account_balance");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                balances.put(
                        rs.getString(1),
                        new BalanceRow(
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
        var ledgers = new HashMap<String, Map<String, Line>>();
        try (var query = connection.prepareStatement(
                        "SELECT account_number, entry_id, sequence, entry_type, amount_minor, currency, description,"
                                + " metadata, batch_id FROM ledger_entry");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                ledgers.computeIfAbsent(rs.getString(1), n -> new HashMap<>())
                        .put(
                                rs.getString(2),
                                new Line(
                                        rs.getLong(3),
                                        rs.getString(4),
                                        rs.getLong(5),
                                        rs.getString(6),
                                        MemoColumns.read(rs)));
            }
        }
        for (String number : balances.keySet()) {
            if (!accounts.containsKey(number)) {
                out.add(new Mismatch(number, "account_balance row without events", null, "present"));
            }
        }
        for (String number : ledgers.keySet()) {
            if (!accounts.containsKey(number)) {
                out.add(new Mismatch(
                        number,
                        "ledger entries without events",
                        0,
                        ledgers.get(number).size()));
            }
        }
        for (AccountFold a : accounts.values()) {
            BalanceRow row = balances.get(a.accountNumber);
            long position;
            if (row == null) {
                if (a.coveredSequence >= 0) {
                    out.add(new Mismatch(a.accountNumber, "account_balance row", "present", null));
                }
                position = -1;
            } else {
                if (row.lastSequence() > a.lastSequence) {
                    out.add(new Mismatch(a.accountNumber, "last_sequence", a.lastSequence, row.lastSequence()));
                } else if (row.lastSequence() < a.coveredSequence) {
                    // The processor's token is past events this account never received: a skipped event.
                    out.add(new Mismatch(a.accountNumber, "last_sequence", a.coveredSequence, row.lastSequence()));
                }
                // Compare with the state at the projection's own position (it may be behind the events).
                position = Math.min(Math.max(row.lastSequence(), a.coveredSequence), a.lastSequence);
                var at = a.carried.floorEntry(position);
                State expected = at == null ? new State(0L, 0L, "ACTIVE", null, null, Memo.NONE, 0L) : at.getValue();
                if (row.balanceMinor() != expected.balanceMinor()) {
                    out.add(new Mismatch(
                            a.accountNumber, "balance_minor", expected.balanceMinor(), row.balanceMinor()));
                }
                if (!Objects.equals(row.currency(), a.currency)) {
                    out.add(new Mismatch(a.accountNumber, "currency", a.currency, row.currency()));
                }
                if (row.reservedMinor() != expected.reservedMinor()) {
                    out.add(new Mismatch(
                            a.accountNumber, "reserved_minor", expected.reservedMinor(), row.reservedMinor()));
                }
                if (row.overdraftLimitMinor() != expected.overdraftLimitMinor()) {
                    out.add(new Mismatch(
                            a.accountNumber,
                            "overdraft_limit_minor",
                            expected.overdraftLimitMinor(),
                            row.overdraftLimitMinor()));
                }
                if (!Objects.equals(row.status(), expected.status())) {
                    out.add(new Mismatch(a.accountNumber, "status", expected.status(), row.status()));
                }
                if (!Objects.equals(row.frozenDirection(), expected.frozenDirection())) {
                    out.add(new Mismatch(
                            a.accountNumber, "frozen_direction", expected.frozenDirection(), row.frozenDirection()));
                }
                if (!Objects.equals(row.freezeReason(), expected.freezeReason())) {
                    out.add(new Mismatch(
                            a.accountNumber, "freeze_reason", expected.freezeReason(), row.freezeReason()));
                }
                if (!row.memo().equals(expected.memo())) {
                    out.add(new Mismatch(a.accountNumber, "description and metadata", expected.memo(), row.memo()));
                }
            }
            compareLedger(a, position, ledgers.getOrDefault(a.accountNumber, Map.of()), out);
        }
    }

    private static void compareLedger(AccountFold a, long position, Map<String, Line> actual, List<Mismatch> out) {
        var expected = new LinkedHashMap<String, Line>();
        a.lines.forEach((id, line) -> {
            if (line.sequence() <= position) {
                expected.put(id, line);
            }
        });
        var missing = new TreeSet<String>();
        var different = new TreeSet<String>();
        var extra = new TreeSet<String>();
        expected.forEach((id, line) -> {
            Line found = actual.get(id);
            if (found == null) {
                missing.add(id);
            } else if (!found.equals(line)) {
                different.add(id);
            }
        });
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id)) {
                extra.add(id);
            }
        }
        if (missing.isEmpty() && different.isEmpty() && extra.isEmpty()) {
            return;
        }
        var expectedSummary = summary(expected.values());
        var actualSummary = summary(actual.values());
        actualSummary.put("missing_entry_ids", List.copyOf(missing));
        actualSummary.put("extra_entry_ids", List.copyOf(extra));
        actualSummary.put("different_entry_ids", List.copyOf(different));
        out.add(new Mismatch(a.accountNumber, "ledger_entry", expectedSummary, actualSummary));
    }

    private static Map<String, Object> summary(Iterable<Line> lines) {
        long count = 0;
        var sums = new TreeMap<String, Long>();
        for (Line line : lines) {
            count++;
            sums.merge(line.entryType(), line.amountMinor(), Long::sum);
        }
        var summary = new LinkedHashMap<String, Object>();
        summary.put("count", count);
        summary.put("sum_by_type", sums);
        return summary;
    }

    // ---- transfers -------------------------------------------------------------------------------

    private record TransferRow(String status, boolean pending, Long postedAmountMinor, Memo memo) {}

    private static int compareTransfers(Connection connection, Map<String, TransferFold> transfers, List<Mismatch> out)
            throws SQLException {
        var rows = new HashMap<String, TransferRow>();
        try (var query = connection.prepareStatement(
                        "SELECT transfer_id, status, pending, posted_amount_minor, description, metadata, batch_id"
                                + " FROM transfer");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long posted = rs.getLong(4);
                Long postedAmount = rs.wasNull() ? null : posted;
                rows.put(
                        rs.getString(1),
                        new TransferRow(rs.getString(2), rs.getBoolean(3), postedAmount, MemoColumns.read(rs)));
            }
        }
        int pending = 0;
        for (var entry : transfers.entrySet()) {
            String id = entry.getKey();
            TransferFold t = entry.getValue();
            TransferRow row = rows.get(id);
            String status = row == null ? null : row.status();
            if (row != null && row.pending() != t.pending()) {
                out.add(new Mismatch(t.from, "transfer " + id + ": pending", t.pending(), row.pending()));
            }
            if (row != null && !row.memo().equals(t.memo)) {
                out.add(new Mismatch(t.from, "transfer " + id + ": description and metadata", t.memo, row.memo()));
            }
            if (t.pending() || !t.holdAccounts.isEmpty() || !t.holdEnds.isEmpty()) {
                comparePendingTransfer(id, t, row, out);
                continue;
            }
            String account = t.from != null ? t.from : t.debitAccount;
            boolean finished = t.completed || t.failed;
            if (!finished) {
                // A saga still in flight: its debit may not have landed yet. Not a mismatch.
                pending++;
            } else if (t.debited != null && t.credited == null && t.refunded == null) {
                out.add(new Mismatch(
                        account, "transfer " + id + ": debit without credit or refund", "credit or refund", null));
            }
            if (t.credited != null && t.refunded != null) {
                out.add(new Mismatch(
                        account, "transfer " + id + ": both credited and refunded", "one of them", "both"));
            }
            for (Long leg : new Long[] {t.debited, t.credited, t.refunded}) {
                if (leg != null && t.requested != null && !leg.equals(t.requested)) {
                    out.add(new Mismatch(account, "transfer " + id + ": leg amount", t.requested, leg));
                }
            }
            if ((t.credited != null || t.refunded != null) && t.debited == null) {
                out.add(new Mismatch(account, "transfer " + id + ": credit or refund without debit", "debit", null));
            }
            if (t.completed && t.failed) {
                out.add(new Mismatch(account, "transfer " + id + ": both completed and failed", "one of them", "both"));
            }
            if (t.statusCovered) {
                String expected = t.completed ? "COMPLETED" : t.failed ? "FAILED" : "PENDING";
                if (!expected.equals(status)) {
                    out.add(new Mismatch(account, "transfer " + id + ": status", expected, status));
                }
            }
        }
        for (String id : rows.keySet()) {
            if (!transfers.containsKey(id)) {
                out.add(new Mismatch(
                        null,
                        "transfer " + id + ": row without events",
                        null,
                        rows.get(id).status()));
            }
        }
        return pending;
    }

    /**
     * A two-phase transfer: its hold, its one end and that end's effect on the source (a release, or a
     * posted debit) and the destination (the posted credit), and its row.
     */
    private static void comparePendingTransfer(String id, TransferFold t, TransferRow row, List<Mismatch> out) {
        String account = t.from;
        String prefix = "transfer " + id + ": ";
        if (!t.pending()) {
            out.add(new Mismatch(
                    t.holdAccounts.isEmpty() ? t.holdEnds.get(0).accountNumber() : t.holdAccounts.get(0),
                    prefix + "hold without TransferReservedEvent",
                    "TransferReservedEvent",
                    null));
            return;
        }
        if (t.requested != null || t.debited != null || t.refunded != null || t.completed || t.failed) {
            out.add(new Mismatch(account, prefix + "regular transfer events on a pending transfer", "none", "present"));
        }
        if (!t.holdAccounts.equals(List.of(t.from)) || !t.holdAmounts.equals(List.of(t.reserved))) {
            out.add(new Mismatch(
                    account,
                    prefix + "holds",
                    holds(List.of(t.from), List.of(t.reserved)),
                    holds(t.holdAccounts, t.holdAmounts)));
        }
        if (t.ends.size() > 1) {
            out.add(new Mismatch(account, prefix + "ends", "one of COMPLETED, VOIDED, EXPIRED", t.ends));
        }
        String expected = t.pendingStatus();
        List<HoldEnd> expectedEnds;
        List<String> expectedCreditAccounts = List.of();
        List<Long> expectedCreditAmounts = List.of();
        switch (expected) {
            case "RESERVED" -> expectedEnds = List.of();
            case "COMPLETED" -> {
                expectedEnds = List.of(new HoldEnd(t.from, t.reserved, t.postedMinor, null));
                expectedCreditAccounts = List.of(t.to);
                expectedCreditAmounts = List.of(t.postedMinor);
            }
            default -> expectedEnds = List.of(new HoldEnd(t.from, t.reserved, null, expected));
        }
        if (!t.holdEnds.equals(expectedEnds)) {
            out.add(new Mismatch(account, prefix + "release or posted debit", ends(expectedEnds), ends(t.holdEnds)));
        }
        if (!t.creditAccounts.equals(expectedCreditAccounts) || !t.creditAmounts.equals(expectedCreditAmounts)) {
            out.add(new Mismatch(
                    t.to,
                    prefix + "posted credit",
                    holds(expectedCreditAccounts, expectedCreditAmounts),
                    holds(t.creditAccounts, t.creditAmounts)));
        }
        if (t.postedMinor != null && (t.postedMinor < 1 || t.postedMinor > t.reserved)) {
            out.add(new Mismatch(account, prefix + "posted amount", "1.." + t.reserved, t.postedMinor));
        }
        String status = row == null ? null : row.status();
        if (t.statusCovered) {
            // The projection has handled the end: the row must show it.
            if (!expected.equals(status)) {
                out.add(new Mismatch(account, prefix + "status", expected, status));
            }
        } else if (t.reservedCovered && !"RESERVED".equals(status) && !expected.equals(status)) {
            // The end may not be applied yet, but the reservation is.
            out.add(new Mismatch(account, prefix + "status", expected, status));
        } else if (status != null && !"RESERVED".equals(status) && !expected.equals(status)) {
            out.add(new Mismatch(account, prefix + "status", expected, status));
        }
        if (row != null && expected.equals(status)) {
            Long posted = "COMPLETED".equals(expected) ? t.postedMinor : null;
            if (!Objects.equals(row.postedAmountMinor(), posted)) {
                out.add(new Mismatch(account, prefix + "posted_amount_minor", posted, row.postedAmountMinor()));
            }
        }
    }

    private static List<Map<String, Object>> holds(List<String> accounts, List<Long> amounts) {
        var list = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < accounts.size(); i++) {
            var hold = new LinkedHashMap<String, Object>();
            hold.put("account_number", accounts.get(i));
            hold.put("amount_minor", amounts.get(i));
            list.add(hold);
        }
        return list;
    }

    private static List<Map<String, Object>> ends(List<HoldEnd> ends) {
        var list = new ArrayList<Map<String, Object>>();
        for (HoldEnd end : ends) {
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

    // ---- reservations per currency ---------------------------------------------------------------

    private static Map<String, Reserved> reserved(
            Connection connection,
            Map<String, AccountFold> accounts,
            Map<String, TransferFold> transfers,
            List<Mismatch> out)
            throws SQLException {
        var actual = new TreeMap<String, Long>();
        try (var query = connection.prepareStatement(
                        "SELECT currency, SUM(reserved_minor) FROM account_balance GROUP BY currency");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                actual.put(rs.getString(1), rs.getLong(2));
            }
        }
        var open = new TreeMap<String, Long>();
        var count = new TreeMap<String, Integer>();
        for (TransferFold t : transfers.values()) {
            if (t.pending() && t.ends.isEmpty()) {
                open.merge(t.currency, t.reserved, Long::sum);
                count.merge(t.currency, 1, Integer::sum);
            }
        }
        var held = new TreeMap<String, Long>();
        for (AccountFold a : accounts.values()) {
            if (a.currency != null && a.reserved != 0) {
                held.merge(a.currency, a.reserved, Long::sum);
            }
        }
        Set<String> currencies = new TreeSet<>(open.keySet());
        currencies.addAll(held.keySet());
        var reserved = new LinkedHashMap<String, Reserved>();
        for (String currency : currencies) {
            long expected = open.getOrDefault(currency, 0L);
            long holds = held.getOrDefault(currency, 0L);
            if (holds != expected) {
                out.add(new Mismatch(
                        null, "reserved by the accounts vs open reservations (" + currency + ")", expected, holds));
            }
            reserved.put(
                    currency,
                    new Reserved(count.getOrDefault(currency, 0), expected, actual.getOrDefault(currency, 0L)));
        }
        return reserved;
    }

    // ---- money per currency ----------------------------------------------------------------------

    private static Map<String, Money> money(
            Connection connection,
            Map<String, AccountFold> accounts,
            Map<String, TransferFold> transfers,
            Map<String, Long> opened,
            List<Mismatch> out)
            throws SQLException {
        var actual = new TreeMap<String, Long>();
        try (var query = connection.prepareStatement(
                        "SELECT currency, SUM(balance_minor) FROM account_balance GROUP BY currency");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                actual.put(rs.getString(1), rs.getLong(2));
            }
        }
        var folded = new TreeMap<String, Long>();
        for (AccountFold a : accounts.values()) {
            if (a.currency != null) {
                folded.merge(a.currency, a.balance, Long::sum);
            }
        }
        var inFlight = new TreeMap<String, Long>();
        for (TransferFold t : transfers.values()) {
            if (t.debited != null && t.credited == null && t.refunded == null) {
                AccountFold from = accounts.get(t.debitAccount);
                if (from != null && from.currency != null) {
                    inFlight.merge(from.currency, t.debited, Long::sum);
                }
            }
        }
        Set<String> currencies = new TreeSet<>(opened.keySet());
        currencies.addAll(actual.keySet());
        var money = new LinkedHashMap<String, Money>();
        for (String currency : currencies) {
            long expected = opened.getOrDefault(currency, 0L);
            long flying = inFlight.getOrDefault(currency, 0L);
            long events = folded.getOrDefault(currency, 0L);
            if (events + flying != expected) {
                out.add(new Mismatch(
                        null, "money conservation in the events (" + currency + ")", expected, events + flying));
            }
            money.put(currency, new Money(expected, actual.getOrDefault(currency, 0L), flying));
        }
        return money;
    }

    // ---- tokens ----------------------------------------------------------------------------------

    private List<TrackingToken> tokens(Connection connection, String processor) throws SQLException {
        var tokens = new ArrayList<TrackingToken>();
        try (var query = connection.prepareStatement(
                "SELECT token, token_type FROM token_entry WHERE processor_name = ? ORDER BY segment")) {
            query.setString(1, processor);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    byte[] bytes = rs.getBytes(1);
                    String type = rs.getString(2);
                    tokens.add(
                            bytes == null || type == null
                                    ? null
                                    : serializer.deserialize(
                                            new SimpleSerializedObject<>(bytes, byte[].class, type, null)));
                }
            }
        }
        return tokens;
    }

    /**
     * True when every segment's token of a processor is past {@code globalIndex} and does not hold it as
     * a gap: the processor must have handled that event. False without tokens.
     */
    static boolean covered(List<TrackingToken> tokens, long globalIndex) {
        if (tokens.isEmpty()) {
            return false;
        }
        for (TrackingToken token : tokens) {
            if (!covers(token, globalIndex)) {
                return false;
            }
        }
        return true;
    }

    private static boolean covers(TrackingToken token, long globalIndex) {
        if (token == null) {
            return false;
        }
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return globalIndex <= gapAware.getIndex() && !gapAware.getGaps().contains(globalIndex);
        }
        return current != null && current.position().orElse(-1L) >= globalIndex;
    }
}
