package io.bankcore.query.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The books' verification: folds every account's events straight from the event store and compares
 * the result with the read tables ({@code account_balance}, {@code ledger_entry}, {@code transfer},
 * {@code transfer_reversal}). It never uses the projections' code, and it reads the events through
 * Axon's event store API only: one stream from the first token to the head
 * ({@link EventStore#openStream}), and an account's stream from sequence 0 where its ledger differs. So
 * it runs alike on the database's event table and on Axon Server. The read tables are read in one
 * read-only {@code REPEATABLE READ} transaction before the events; with the database's event store the
 * events are read in that same transaction, so events and tables are one consistent snapshot even while
 * traffic runs; with Axon Server the tables are read first and the events up to a head taken after, so
 * the events cover every effect the tables show.
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
 *       projections, a projection that skipped an event has a token past it but lacks its effect. For
 *       each read table the audit only expects the events that every segment's token of its processor
 *       ({@code accounts}, {@code transfers}) covers, as the processor reports it (see {@link Coverage});
 *       such an event
 *       without its effect (no ledger entry, {@code last_sequence} behind it, transfer status not
 *       updated) is a mismatch. Events not yet covered (the projection is merely behind) are compared
 *       against the projection's own position instead and are not mismatches.
 * </ul>
 *
 * <h2>What is informational, and what is not detected</h2>
 *
 * <ul>
 *   <li>{@code gaps}: missing positions in the store ({@code global_index} values of the database's
 *       event table; Axon Server has none). They are normal: every rolled-back append (a lost
 *       concurrency race, a refused command after the sequence was drawn) consumes a value of
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
 * <p>Cost: one pass over the event store, one event at a time, plus one read of each read table. Memory
 * holds one fold per account (its state at the projection's position and a digest of its ledger, see
 * {@link AccountFold}), one per transfer and one per reversal: it grows with the number of accounts and
 * transfers, not with the number of events (an account's ten thousandth deposit costs nothing more).
 * Each account's {@code account_balance} row and ledger digest, and each {@code transfer} row, are held
 * while the events are read.
 */
public class LedgerAudit {

    /** Rows fetched per round trip while the read tables are streamed. */
    static final int FETCH_SIZE = 5000;

    /** One difference: {@code accountNumber} is null when it is not about one account. */
    public record Mismatch(String accountNumber, String what, Object expected, Object actual) {}

    /** {@code expected} from the events; {@code actual} the read table's total; {@code inFlight} debited, not landed. */
    public record Money(long expected, long actual, long inFlight) {}

    /**
     * One currency's open reservations: how many, the amount they hold by the events ({@code expected}),
     * and the sum of {@code account_balance.reserved_minor} ({@code actual}).
     */
    public record Reserved(int reservations, long expected, long actual) {}

    /** Missing positions {@code from..to}, inclusive. */
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

    private final DataSource dataSource;
    private final PlatformTransactionManager transactions;
    private final EventStore eventStore;
    private final BooleanSupplier appliedInTransaction;
    private final EventProcessingConfiguration processors;

    /**
     * @param appliedInTransaction true when the projections write their tables in the transaction that
     *     appends the event: then every event must have its effect, tokens or not
     * @param processors where the streaming projections' positions are read otherwise
     */
    public LedgerAudit(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            EventStore eventStore,
            BooleanSupplier appliedInTransaction,
            EventProcessingConfiguration processors) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.eventStore = Objects.requireNonNull(eventStore, "eventStore");
        this.appliedInTransaction = Objects.requireNonNull(appliedInTransaction, "appliedInTransaction");
        this.processors = processors;
    }

    public Report run() {
        long started = System.nanoTime();
        // Before the tables are read: a position the processors report is committed in them.
        Coverage coverage = appliedInTransaction.getAsBoolean() || processors == null
                ? Coverage.everything()
                : Coverage.read(processors);
        var snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return snapshot.execute(status -> audit(coverage, started));
    }

    /**
     * The read tables first (the first statement fixes the snapshot), then the store's head, then the
     * events up to it: every event whose effect the tables show is read. With the database's event store
     * the events are read in the same transaction, so the same snapshot.
     */
    private Report audit(Coverage coverage, long started) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            AccountCheck accountRows = AccountCheck.read(connection);
            TransferCheck transferRows = TransferCheck.read(connection);
            Totals totals = Totals.read(connection);
            TrackingToken head = eventStore.createHeadToken();

            var books = new Books(accountRows, coverage);
            var walk = new EventWalk();
            walk.walk(eventStore, head, event -> books.apply(event, EventWalk.position(event.trackingToken())));

            List<Mismatch> out = books.mismatches();
            accountRows.compare(books.accounts(), new LedgerDetail(eventStore, connection), out);
            int inFlight = transferRows.compare(books.transfers(), out);
            books.reversals().check(connection, id -> settled(books.transfers().get(id)), out);
            Map<String, Money> money = totals.money(books);
            Map<String, Reserved> reserved = totals.reserved(books);
            int open =
                    reserved.values().stream().mapToInt(Reserved::reservations).sum();
            return new Report(
                    books.accounts().size(),
                    walk.events(),
                    List.copyOf(out),
                    money,
                    walk.gaps(),
                    inFlight,
                    (System.nanoTime() - started) / 1_000_000,
                    open,
                    reserved);
        } catch (SQLException e) {
            throw new IllegalStateException("audit failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static Long settled(TransferFold t) {
        return t == null ? null : t.settled();
    }
}
